package qr

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkDecodePNG1000: a 1000×1000 PNG holding one code.
func BenchmarkDecodePNG1000(b *testing.B) {
	data := encPNG(b, qrGray(b, url1, 400, 1000, 1000, 300, 300))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if got, _ := Decode(data, KindPNG, Limits{}); len(got) != 1 {
			b.Fatal("not found")
		}
	}
}

// BenchmarkDecodePNG1000NoCode: the same size without a code (every
// detector pass runs).
func BenchmarkDecodePNG1000NoCode(b *testing.B) {
	img := qrGray(b, url1, 400, 1000, 1000, 300, 300)
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	data := encPNG(b, img)
	for b.Loop() {
		Decode(data, KindPNG, Limits{})
	}
}

// BenchmarkPDFScan1MB: a 1 MB PDF of text-like streams and one QR image.
func BenchmarkPDFScan1MB(b *testing.B) {
	var objs []pdfObj
	objs = append(objs, pdfObj{dict: "<< /Type /Catalog >>"})
	filler := bytes.Repeat([]byte("BT /F1 12 Tf 72 712 Td (Invoice line item) Tj ET\n"), 400)
	for i := 0; len(objs) < 50; i++ {
		objs = append(objs, pdfObj{fmt.Sprintf("<< /Length %d >>", len(filler)), filler})
	}
	g := zlibBytes(b, rows(qr(b, url1, 200), -1, gray8))
	objs = append(objs, pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", 200, 200, len(g)), g})
	data := buildPDF(objs...)
	b.Logf("pdf size %d", len(data))
	b.SetBytes(int64(len(data)))
	b.Run("images", func(b *testing.B) {
		for b.Loop() {
			n := 0
			pdfImages(data, func(pdfImage) bool { n++; return true })
			if n != 1 {
				b.Fatal(n)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			if got, _ := Decode(data, KindPDF, Limits{}); len(got) != 1 {
				b.Fatal("not found")
			}
		}
	})
}
