package qr

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/image/bmp"
)

// Every sample is made here: QR codes come from gozxing's encoder.

// qrGray renders text as a QR code of about size×size pixels (quiet zone
// included), black on white, placed at (ox, oy) on a canvas w×h.
func qrGray(t testing.TB, text string, size, w, h, ox, oy int) *image.Gray {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 0; y < m.GetHeight(); y++ {
		for x := 0; x < m.GetWidth(); x++ {
			if m.Get(x, y) && ox+x < w && oy+y < h {
				img.SetGray(ox+x, oy+y, color.Gray{0})
			}
		}
	}
	return img
}

func qr(t testing.TB, text string, size int) *image.Gray {
	return qrGray(t, text, size, size, size, 0, 0)
}

func encPNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encGIF(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encBMP(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := bmp.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// toRGBA draws img in colour: dark blue on light yellow, or inverted.
func toNRGBA(img *image.Gray, invert, transparentBG bool) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dark := img.GrayAt(x, y).Y < 128
			if invert {
				dark = !dark
			}
			switch {
			case dark:
				out.SetNRGBA(x, y, color.NRGBA{10, 20, 90, 255})
			case transparentBG:
				out.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 0})
			default:
				out.SetNRGBA(x, y, color.NRGBA{250, 245, 200, 255})
			}
		}
	}
	return out
}

func zlibBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// pdfObj is one object of a test PDF: a dictionary and optional stream.
type pdfObj struct {
	dict   string
	stream []byte
}

// buildPDF writes a PDF with the given objects (numbered from 1) and an
// xref table.
func buildPDF(objs ...pdfObj) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\n", i+1, o.dict)
		if o.stream != nil {
			b.WriteString("stream\r\n")
			b.Write(o.stream)
			b.WriteString("\nendstream\n")
		}
		b.WriteString("endobj\n")
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// pagePDF wraps image XObjects (given as objects 4…) in a one-page PDF.
func pagePDF(images ...pdfObj) []byte {
	objs := []pdfObj{
		{dict: "<< /Type /Catalog /Pages 2 0 R >>"},
		{dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"},
		{dict: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>"},
	}
	return buildPDF(append(objs, images...)...)
}

func imgDict(extra string, w, h, n int) string {
	return fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d %s /Length %d >>", w, h, extra, n)
}

// rows returns the pixels of img packed by pack, one row after another,
// each row prefixed by a PNG filter byte when filter >= 0.
func rows(img *image.Gray, filter int, pack func(row []byte) []byte) []byte {
	var out []byte
	b := img.Bounds()
	var prev []byte
	for y := 0; y < b.Dy(); y++ {
		row := pack(img.Pix[y*img.Stride : y*img.Stride+b.Dx()])
		if filter >= 0 {
			out = append(out, byte(filter))
			if filter == 2 { // Up
				enc := make([]byte, len(row))
				for i := range row {
					var p byte
					if prev != nil {
						p = prev[i]
					}
					enc[i] = row[i] - p
				}
				prev = row
				row = enc
			}
		}
		out = append(out, row...)
	}
	return out
}

func gray8(r []byte) []byte { return slices.Clone(r) }

func rgb8(r []byte) []byte {
	var o []byte
	for _, v := range r {
		o = append(o, v, v/2, 255-(255-v)/3)
	}
	return o
}

func bits1(r []byte) []byte {
	o := make([]byte, (len(r)+7)/8)
	for i, v := range r {
		if v >= 128 {
			o[i/8] |= 0x80 >> (i % 8)
		}
	}
	return o
}

const url1 = "https://login.example-phish.test/verify?id=42"

func TestDecodeImages(t *testing.T) {
	base := qr(t, url1, 300)
	placed := qrGray(t, url1, 240, 1000, 700, 600, 380) // small code in a larger "flyer"
	huge := qrGray(t, url1, 900, 4000, 3000, 200, 200)  // downscaled before detection
	tests := []struct {
		name string
		data []byte
		kind Kind
		want []string
	}{
		{"png gray", encPNG(t, base), KindPNG, []string{url1}},
		{"png sniffed", encPNG(t, base), KindUnknown, []string{url1}},
		{"png coloured", encPNG(t, toNRGBA(base, false, false)), KindPNG, []string{url1}},
		{"png transparent background", encPNG(t, toNRGBA(base, false, true)), KindPNG, []string{url1}},
		{"png inverted (light on dark)", encPNG(t, toNRGBA(base, true, false)), KindPNG, []string{url1}},
		{"png code in a corner", encPNG(t, placed), KindPNG, []string{url1}},
		{"png 12 MP downscaled", encPNG(t, huge), KindPNG, []string{url1}},
		{"jpeg", encJPEG(t, base), KindJPEG, []string{url1}},
		{"jpeg colour", encJPEG(t, toNRGBA(base, false, false)), KindJPEG, []string{url1}},
		{"gif", encGIF(t, base), KindGIF, []string{url1}},
		{"bmp", encBMP(t, base), KindBMP, []string{url1}},
		{"no code", encPNG(t, image.NewGray(image.Rect(0, 0, 200, 200))), KindPNG, nil},
		{"tiny", encPNG(t, image.NewGray(image.Rect(0, 0, 5, 5))), KindPNG, nil},
		{"non-url text", encPNG(t, qr(t, "WIFI:S:office;T:WPA;P:secret;;", 200)), KindPNG, []string{"WIFI:S:office;T:WPA;P:secret;;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.data, tt.kind, Limits{Timeout: time.Minute}) // -race on a busy machine
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeTwoCodes(t *testing.T) {
	img := qrGray(t, "https://a.example/one", 250, 700, 300, 0, 0)
	two := qr(t, "https://b.example/two", 250)
	for y := 0; y < 250; y++ {
		copy(img.Pix[y*img.Stride+420:y*img.Stride+670], two.Pix[y*two.Stride:y*two.Stride+250])
	}
	got, err := Decode(encPNG(t, img), KindPNG, Limits{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if want := []string{"https://a.example/one", "https://b.example/two"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDecodePDF(t *testing.T) {
	img := qr(t, url1, 200)
	w, h := 200, 200
	jpg := encJPEG(t, img)
	gray := zlibBytes(t, rows(img, -1, gray8))
	grayUp := zlibBytes(t, rows(img, 2, gray8))
	rgb := zlibBytes(t, rows(img, -1, rgb8))
	rgbUp := zlibBytes(t, rows(img, 2, rgb8))
	mask := zlibBytes(t, rows(img, -1, bits1))
	hexFlate := []byte(hex.EncodeToString(gray) + ">")
	pal := zlibBytes(t, rows(img, -1, func(r []byte) []byte { // indexed: 0 white, 1 black
		o := make([]byte, len(r))
		for i, v := range r {
			if v < 128 {
				o[i] = 1
			}
		}
		return o
	}))
	tests := []struct {
		name string
		pdf  []byte
		want []string
	}{
		{"DCT", pagePDF(pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", w, h, len(jpg)), jpg}), []string{url1}},
		{"Flate gray", pagePDF(pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", w, h, len(gray)), gray}), []string{url1}},
		{"Flate gray PNG predictor", pagePDF(pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /Columns 200 >>", w, h, len(grayUp)), grayUp}), []string{url1}},
		{"Flate RGB", pagePDF(pdfObj{imgDict("/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter [/FlateDecode]", w, h, len(rgb)), rgb}), []string{url1}},
		{"Flate RGB predictor, ICC by reference", pagePDF(pdfObj{imgDict("/ColorSpace 9 0 R /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Colors 3 /Columns 200 >>", w, h, len(rgbUp)), rgbUp}), []string{url1}},
		{"Flate ICC by reference, guessed", pagePDF(pdfObj{imgDict("/ColorSpace 9 0 R /BitsPerComponent 8 /Filter /FlateDecode", w, h, len(rgb)), rgb}), []string{url1}},
		{"image mask 1 bit", pagePDF(pdfObj{imgDict("/ImageMask true /Filter /FlateDecode", w, h, len(mask)), mask}), []string{url1}},
		{"1-bit gray, Length by reference", pagePDF(pdfObj{fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length 7 0 R >>", w, h), mask}), []string{url1}},
		{"indexed palette", pagePDF(pdfObj{imgDict("/ColorSpace [/Indexed /DeviceRGB 1 <FFFFFF000000>] /BitsPerComponent 8 /Filter /FlateDecode", w, h, len(pal)), pal}), []string{url1}},
		{"ASCIIHex then Flate", pagePDF(pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/ASCIIHexDecode /FlateDecode]", w, h, len(hexFlate)), hexFlate}), []string{url1}},
		{"escaped names", pagePDF(pdfObj{fmt.Sprintf("<< /Type /XObject /Subtype /Im#61ge /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /Fl#61teDecode /Length %d >>", w, h, len(gray)), gray}), []string{url1}},
		{"not an image", pagePDF(pdfObj{fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>", len(gray)), gray}), nil},
		{"unsupported filter", pagePDF(pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode", w, h, 4), []byte("abcd")}), nil},
		{"no images", pagePDF(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.pdf, KindUnknown, Limits{Timeout: time.Minute})
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	png1 := encPNG(t, qr(t, url1, 300))
	if _, err := Decode(png1, KindPNG, Limits{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxBytes: %v", err)
	}
	if _, err := Decode(png1, KindPNG, Limits{MaxPixels: 300*300 - 1}); !errors.Is(err, ErrTooManyPix) {
		t.Errorf("MaxPixels: %v", err)
	}
	// A PNG header claiming 60000×60000 is refused before decoding.
	bomb := slices.Clone(png1)
	copy(bomb[16:24], []byte{0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60})
	binary.BigEndian.PutUint32(bomb[29:33], crc32.ChecksumIEEE(bomb[12:29]))
	if _, err := Decode(bomb, KindPNG, Limits{}); !errors.Is(err, ErrTooManyPix) {
		t.Errorf("bomb: %v", err)
	}
	if _, err := Decode([]byte("hello"), KindUnknown, Limits{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := Decode(png1, KindPNG, Limits{Timeout: time.Nanosecond}); !errors.Is(err, ErrTimeout) {
		t.Errorf("timeout: %v", err)
	}
	// PDF: image count and total pixels.
	g := zlibBytes(t, rows(qr(t, url1, 200), -1, gray8))
	var ims []pdfObj
	for range 5 {
		ims = append(ims, pdfObj{imgDict("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", 200, 200, len(g)), g})
	}
	if got, _ := Decode(pagePDF(ims...), KindPDF, Limits{MaxImages: 1}); len(got) != 1 {
		t.Errorf("MaxImages: %q", got)
	}
	huge := pagePDF(pdfObj{imgDict("/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode", 60000, 60000, len(g)), g})
	if got, _ := Decode(huge, KindPDF, Limits{}); got != nil {
		t.Errorf("huge image: %q", got)
	}
	// Codes are capped in number and length.
	long := "https://x.example/" + strings.Repeat("a", 500)
	got, _ := Decode(encPNG(t, qr(t, long, 400)), KindPNG, Limits{MaxCodeLen: 40})
	if len(got) != 1 || len(got[0]) != 40 {
		t.Errorf("MaxCodeLen: %q", got)
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		ct   string
		data string
		want Kind
	}{
		{"", "\x89PNG\r\n\x1a\n....", KindPNG},
		{"image/jpeg", "\x89PNG\r\n\x1a\n", KindPNG},
		{"", "\xff\xd8\xff\xe0", KindJPEG},
		{"", "GIF89a", KindGIF},
		{"", "RIFF\x00\x00\x00\x00WEBPVP8 ", KindWebP},
		{"", "junk %PDF-1.4", KindPDF},
		{"image/webp; x=y", "????", KindWebP},
		{"Application/PDF", "????", KindPDF},
		{"text/plain", "hello", KindUnknown},
	}
	for _, tt := range tests {
		if got := KindOf(tt.ct, []byte(tt.data)); got != tt.want {
			t.Errorf("KindOf(%q, %q) = %v, want %v", tt.ct, tt.data, got, tt.want)
		}
	}
}

// TestGuardRecovers checks that a panic inside the decoder library is
// contained.
func TestGuardRecovers(t *testing.T) {
	got := guard(func() []string { panic("boom") })
	if got != nil {
		t.Errorf("got %q", got)
	}
	var nilBin gozxing.Binarizer
	if got := singlePass(nilBin); got != nil { // nil binarizer panics inside gozxing
		t.Errorf("got %q", got)
	}
	if got := multiPass(nilBin); got != nil {
		t.Errorf("got %q", got)
	}
}
