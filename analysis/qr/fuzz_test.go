package qr

import (
	"bytes"
	"testing"
	"time"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// fuzzLimits keep each execution small.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxPixels: 256 << 10, DetectPixels: 64 << 10, MaxImages: 4, MaxTotalPixels: 512 << 10, Timeout: time.Second}

func FuzzDecode(f *testing.F) {
	img := qr(f, url1, 64)
	f.Add(encPNG(f, img))
	f.Add(encJPEG(f, img))
	f.Add(encGIF(f, img))
	f.Add(encBMP(f, img))
	f.Add([]byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _ := Decode(data, KindUnknown, fuzzLimits)
		if len(got) > DefaultLimits().MaxCodes {
			t.Errorf("%d codes", len(got))
		}
	})
}

func FuzzPDFImages(f *testing.F) {
	img := qr(f, url1, 48)
	g := zlibBytes(f, rows(img, 2, gray8))
	f.Add(pagePDF(pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 48 >>", 48, 48, len(g)), g}))
	jpg := encJPEG(f, img)
	f.Add(pagePDF(pdfObj{imgDict("/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", 48, 48, len(jpg)), jpg}))
	m := zlibBytes(f, rows(img, -1, bits1))
	f.Add(pagePDF(pdfObj{imgDict("/ColorSpace [/Indexed /DeviceRGB 1 (\\377\\377\\377\\000\\000\\000)] /BitsPerComponent 1 /Filter [/ASCII85Decode /FlateDecode]", 48, 48, len(m)), m}))
	f.Add([]byte("1 0 obj << /Subtype /Image /Width 2 /Height 2 /Length 4 >> stream\nabcd\nendstream"))
	for _, b := range corpustest.Seeds(20) {
		if i := bytes.Index(b, []byte("%PDF-")); i >= 0 {
			f.Add(b[i:min(len(b), i+64<<10)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		pdfImages(data, func(im pdfImage) bool {
			n++
			if len(im.raw) > len(data) {
				t.Fatalf("stream longer than input")
			}
			return n < 8
		})
		Decode(data, KindPDF, fuzzLimits)
	})
}
