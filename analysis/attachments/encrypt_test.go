package attachments

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	pngenc "image/png"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/checkmail/checkmail/analysis/report"
)

type nopWC struct{ io.Writer }

func (nopWC) Close() error { return nil }

// zipAES writes a ZIP whose entry carries the WinZip AES extra field
// (0x9901) and, with method99, compression method 99.
func zipAES(t testing.TB, method99 bool) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(99, func(w io.Writer) (io.WriteCloser, error) { return nopWC{w}, nil })
	extra := []byte{0x01, 0x99, 7, 0, 2, 0, 'A', 'E', 3, 8, 0} // vendor version 2, "AE", strength 3, method 8
	fh := &zip.FileHeader{Name: "invoice.pdf", Method: zip.Store, Extra: extra, Flags: 1}
	if method99 {
		fh.Method = 99
	}
	fw, err := w.CreateHeader(fh)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte("0123456789abcdef"))
	w.Close()
	return buf.Bytes()
}

// zipLocalOnly is a damaged ZIP: one encrypted local header, no central
// directory.
func zipLocalOnly() []byte {
	h := make([]byte, 30)
	copy(h, "PK\x03\x04")
	binary.LittleEndian.PutUint16(h[4:], 20)
	binary.LittleEndian.PutUint16(h[6:], 1) // encrypted
	binary.LittleEndian.PutUint16(h[8:], 8)
	binary.LittleEndian.PutUint16(h[26:], 5)
	return append(append(h, "a.exe"...), make([]byte, 40)...)
}

// sevenZip builds a 7z signature header pointing at a next header that
// holds the given bytes.
func sevenZip(next []byte) []byte {
	b := make([]byte, 32)
	copy(b, "7z\xbc\xaf\x27\x1c\x00\x04")
	binary.LittleEndian.PutUint64(b[12:], 16)
	binary.LittleEndian.PutUint64(b[20:], uint64(len(next)))
	b = append(b, make([]byte, 16)...) // packed streams
	return append(b, next...)
}

func vintB(v uint64) []byte {
	var out []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			out = append(out, c|0x80)
			continue
		}
		return append(out, c)
	}
}

// rar5Block is CRC32 (not checked), size and the header fields.
func rar5Block(fields []byte) []byte {
	b := []byte{0, 0, 0, 0}
	b = append(b, vintB(uint64(len(fields)))...)
	return append(b, fields...)
}

// rar5File builds a RAR5 archive with one file header, its data
// encrypted when enc is set.
func rar5File(enc bool) []byte {
	b := []byte("Rar!\x1a\x07\x01\x00")
	b = append(b, rar5Block([]byte{1, 0, 0})...) // main header
	var extra []byte
	if enc {
		rec := append([]byte{1}, make([]byte, 10)...) // type 1: encryption, then its fields
		extra = append(vintB(uint64(len(rec))), rec...)
	} else {
		rec := []byte{3, 0, 0} // type 3: file time
		extra = append(vintB(uint64(len(rec))), rec...)
	}
	data := []byte("DATA")
	f := []byte{2, 0x01 | 0x02}
	f = append(f, vintB(uint64(len(extra)))...)
	f = append(f, vintB(uint64(len(data)))...)
	f = append(f, 0, 4, 0x20, 0, 0, 7) // file flags, size, attributes, compression, host OS, name length
	f = append(f, "a.pdf.exe"[:7]...)
	f = append(f, extra...)
	b = append(b, rar5Block(f)...)
	b = append(b, data...)
	return append(b, rar5Block([]byte{5, 0, 0})...) // end of archive
}

// rar4File builds a RAR4 archive with one file header (flag 0x04:
// encrypted).
func rar4File(enc bool) []byte {
	b := []byte("Rar!\x1a\x07\x00")
	b = append(b, 0, 0, 0x73, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0)
	name := "doc.exe"
	flags := uint16(0x8000)
	if enc {
		flags |= 0x0004
	}
	h := make([]byte, 32)
	h[2] = 0x74
	binary.LittleEndian.PutUint16(h[3:], flags)
	binary.LittleEndian.PutUint16(h[5:], uint16(32+len(name)))
	binary.LittleEndian.PutUint32(h[7:], 4) // packed size
	binary.LittleEndian.PutUint16(h[26:], uint16(len(name)))
	b = append(b, h...)
	b = append(b, name...)
	return append(b, "DATA"...)
}

func TestEncryption(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		want       report.Encryption
		reason     string
	}{
		{"zipcrypto", "a.zip", makeZip(t, member{name: "a.pdf", body: "x", encrypted: true}), report.EncZipCrypto, "encrypted archive"},
		{"zip AES extra", "a.zip", zipAES(t, false), report.EncZipAES, "encrypted archive"},
		{"zip AES method 99", "a.zip", zipAES(t, true), report.EncZipAES, "encrypted archive"},
		{"damaged zip, encrypted local header", "a.zip", zipLocalOnly(), report.EncZipCrypto, "encrypted archive"},
		{"plain zip", "a.zip", makeZip(t, member{name: "a.pdf", body: "x"}), "", ""},
		{"7z encrypted header", "a.7z", sevenZip([]byte{0x17, 0x06, 0x80, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x24, 0x06, 0xf1, 0x07, 0x01, 0x0a}), report.Enc7z, "encrypted archive"},
		{"7z plain", "a.7z", sevenZip([]byte{0x17, 0x06, 0x80, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x23, 0x03, 0x01, 0x01, 0x05, 0x5d}), "", ""},
		{"7z lying offsets", "a.7z", append([]byte("7z\xbc\xaf\x27\x1c\x00\x04"), bytes.Repeat([]byte{0xff}, 40)...), "", ""},
		{"rar5 encrypted headers", "a.rar", rar5Encrypted(), report.EncRAR, "encrypted archive"},
		{"rar5 encrypted file", "a.rar", rar5File(true), report.EncRAR, "encrypted archive"},
		{"rar5 plain file", "a.rar", rar5File(false), "", ""},
		{"rar4 encrypted headers", "a.rar", rar4Encrypted(), report.EncRAR, "encrypted archive"},
		{"rar4 encrypted file", "a.rar", rar4File(true), report.EncRAR, "encrypted archive"},
		{"rar4 plain file", "a.rar", rar4File(false), "", ""},
		{"pdf /Encrypt", "a.pdf", []byte("%PDF-1.6\n1 0 obj<</Type/Catalog>>endobj\ntrailer\n<</Root 1 0 R/Encrypt 5 0 R/ID[<01><01>]>>\n%%EOF"), report.EncPDF, "encrypted pdf"},
		{"pdf /EncryptMetadata only", "a.pdf", []byte("%PDF-1.6\n<</EncryptMetadata false>>"), "", ""},
		{"office EncryptedPackage", "a.docx", ole(make([]byte, 16), "EncryptionInfo", "EncryptedPackage"), report.EncOffice, "encrypted office document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, d := InspectWith(tt.file, "", tt.data, DefaultOptions())
			if a.Encrypted != tt.want || d.Encrypted != tt.want {
				t.Errorf("encrypted %q/%q, want %q", a.Encrypted, d.Encrypted, tt.want)
			}
			if got := slices.Contains(a.Indicators, report.IndEncrypted); got != (tt.want != "") {
				t.Errorf("indicators %q", a.Indicators)
			}
			if tt.reason != "" && !slices.Contains(a.RiskReasons, tt.reason) {
				t.Errorf("reasons %q lack %q", a.RiskReasons, tt.reason)
			}
			if tt.want == "" && slices.ContainsFunc(a.RiskReasons, func(r string) bool { return strings.HasPrefix(r, "encrypted") }) {
				t.Errorf("reasons %q", a.RiskReasons)
			}
		})
	}
}

// afterSeparator returns the text after the separator itself, whatever
// the case mapping would do to the lengths of the letters after it.
func TestAfterSeparator(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{": x", " x"},
		{"IS Xy12", "Xy12"},
		{"is Xy12ȺȺȺȺ", "Xy12ȺȺȺȺ"}, // ⱥ is a byte longer: lower-cased, the rest outgrows the text
		{"is Ab12cd İ", "Ab12cd İ"},
		{"is: \u212a\xff", "\u212a\xff"},
	} {
		if got, ok := afterSeparator(tt.in); !ok || got != tt.want {
			t.Errorf("afterSeparator(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestPasswordInBody(t *testing.T) {
	tests := []struct {
		body string
		want string
	}{
		{"Please find the invoice attached.\nPassword: 4721\nRegards", "4721"},
		{"The archive password is Inv2024! — open it today", "Inv2024!"},
		{"password = abc123", "abc123"},
		{"PW: Xk92ma", "Xk92ma"},
		{"pw：hg7721", "hg7721"},
		{"添付ファイルをご確認ください。\nパスワード：Ab12cd\nよろしくお願いします。", "Ab12cd"},
		{"解凍パスワード: 20241130", "20241130"},
		{"解凍パスワードは「x9y8z7」です。", "x9y8z7"},
		{"【パスワード】qwe789", "qwe789"},
		{"パスワードは 5566abc です", "5566abc"},
		{"Password:\n   Tr0ub4dor\n", "Tr0ub4dor"},
		{"zip password: \"s3cr3t\"", "s3cr3t"},
		// Letters whose lower case is longer (Ⱥ) or shorter (İ, the Kelvin
		// sign) than themselves, and invalid UTF-8, around the label and
		// the value: offsets into the lower-cased text are offsets into
		// the text, and the value keeps its case.
		{"The password is Xy12 ȺȺȺȺ", "Xy12"},
		{"The password is Xy12ȺȺȺȺ", ""}, // printable ASCII only
		{"The password is Ab12cd İ", "Ab12cd"},
		{"Ⱥ Password: Ab12cd İ", "Ab12cd"},
		{"\u212a\u212a PW: Qw12er ȺȺȺȺȺȺ", "Qw12er"},
		{"\xff Password: Ab12cd", "Ab12cd"},
		// not a password
		{"Your password will expire in 3 days.", ""},
		{"Your password has expired. Reset it here: https://x.example/reset", ""},
		{"Password: https://x.example/reset", ""},
		{"Forgot your password? Click below.", ""},
		{"Update your passport details", ""},
		{"bypass: the network", ""},
		{"パスワードの有効期限が切れました", ""},
		{"password: is", ""},
		{"password: xxxxxxxx", ""},
		{"Password: NULL", ""},
		{"passwd = sys_getpwnam(user)", ""},
		{"pwd: fs->pwd", ""},
		{"<td>Password:</td>", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := PasswordInBody(tt.body)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("PasswordInBody(%q) = %q, %v; want %q", tt.body, got, ok, tt.want)
		}
	}
}

func qrPNG(t testing.TB, text string, size int) []byte {
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, m.GetWidth(), m.GetHeight()))
	for y := 0; y < m.GetHeight(); y++ {
		for x := 0; x < m.GetWidth(); x++ {
			if !m.Get(x, y) {
				img.SetGray(x, y, color.Gray{255})
			}
		}
	}
	var b bytes.Buffer
	pngenc.Encode(&b, img)
	return b.Bytes()
}

// pdfWithPNGImage wraps the pixels of a QR PNG in a PDF as a Flate image.
func pdfWithQR(t testing.TB, text string) []byte {
	img, err := pngenc.Decode(bytes.NewReader(qrPNG(t, text, 200)))
	if err != nil {
		t.Fatal(err)
	}
	g := img.(*image.Gray)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(g.Pix)
	zw.Close()
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	fmt.Fprintf(&b, "4 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n", g.Rect.Dx(), g.Rect.Dy(), z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

func TestInspectQR(t *testing.T) {
	const u = "https://pay.evil.test/mfa?u=a@b.test"
	tests := []struct {
		name, file, ctype string
		data              []byte
		codes             []string
		reason            string
		url               bool
	}{
		{"png", "scan.png", "image/png", qrPNG(t, u, 240), []string{"hxxps://pay[.]evil[.]test/mfa?u=a@b.test"}, "qr code with a web address", true},
		{"png declared jpeg", "scan.jpg", "image/jpeg", qrPNG(t, u, 240), []string{"hxxps://pay[.]evil[.]test/mfa?u=a@b.test"}, "qr code with a web address", true},
		{"pdf", "Document.pdf", "application/pdf", pdfWithQR(t, u), []string{"hxxps://pay[.]evil[.]test/mfa?u=a@b.test"}, "qr code with a web address", true},
		{"text code", "ticket.png", "image/png", qrPNG(t, "TICKET 12345 ROW 4", 200), []string{"TICKET 12345 ROW 4"}, "qr code", false},
		{"no code", "logo.png", "image/png", png(), nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, d := InspectWith(tt.file, tt.ctype, tt.data, DefaultOptions())
			if !slices.Equal(a.QRCodes, tt.codes) {
				t.Errorf("codes %q, want %q", a.QRCodes, tt.codes)
			}
			if tt.reason != "" && !slices.Contains(a.RiskReasons, tt.reason) {
				t.Errorf("reasons %q", a.RiskReasons)
			}
			if got := slices.Contains(a.Indicators, report.IndQRURL); got != tt.url {
				t.Errorf("indicators %q", a.Indicators)
			}
			if tt.url {
				if len(d.URLs) != 1 || d.URLs[0].URL != u || d.URLs[0].Role != report.URLQR || d.URLs[0].Host != "pay.evil.test" {
					t.Errorf("detail URLs %+v", d.URLs)
				}
				if len(a.URLs) != 1 || a.URLs[0].URL != tt.codes[0] {
					t.Errorf("report URLs %+v", a.URLs)
				}
			}
		})
	}
	// QR off: nothing decoded.
	a, d := InspectWith("scan.png", "image/png", qrPNG(t, u, 240), Options{})
	if a.QRCodes != nil || d.QR != nil {
		t.Errorf("QR off: %q", a.QRCodes)
	}
}
