package attachments

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func FuzzInspect(f *testing.F) {
	seeds := []struct {
		name, ctype string
		data        []byte
	}{
		{"invoice.pdf.exe", "application/octet-stream", pe()},
		{"x", "", elf()},
		{"a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx(f)},
		{"a.docm", "", docm(f)},
		{"z.zip", "application/zip", makeZip(f, member{name: "a.pdf.exe", body: "MZ"}, member{name: "b.txt", body: "x", encrypted: true})},
		{"setup.msi", "", ole(msiCLSID)},
		{"o.doc", "application/msword", ole(make([]byte, 16), "WordDocument", "_VBA_PROJECT")},
		{"i.iso", "", iso()},
		{"v.vhd", "", vhdFixed()},
		{"p.pdf", "application/pdf", []byte("%PDF-1.4 /J#61vaScript /Launch /OpenAction /EmbeddedFile")},
		{"r.rtf", "", []byte(`{\rtf1\objdata 01}`)},
		{"s.svg", "image/svg+xml", []byte(`<svg onload="x"><script>a</script></svg>`)},
		{"h.html", "text/html", []byte("<html><form><input type=password>")},
		{"r.rar", "", rar5Encrypted()},
		{"r4.rar", "", rar4Encrypted()},
		{"photo\u202Egpj.exe", "", png()},
		{"scan.pdf      .html", "", []byte("x")},
		{"Remit.htm", "text/html", []byte(credForm)},
		{"x.svg", "image/svg+xml", []byte(svgScript)},
		{"s.html", "", []byte(smuggling)},
		{"a.zip", "", zipAES(f, true)},
		{"a.zip", "", zipLocalOnly()},
		{"a.rar", "", rar5File(true)},
		{"a.rar", "", rar4File(true)},
		{"a.7z", "", sevenZip([]byte{0x17, 0x06, 0xf1, 0x07, 0x01})},
		{"qr.png", "image/png", qrPNG(f, "https://x.test/", 64)},
		// Letters whose lower case has another length, invalid UTF-8.
		{"ȺİK\u212a\xff.HTML", "TEXT/HTML", []byte("\xef\xbb\xbf Ⱥİ\u212a\xff<HTML><ȺFORM><Script>location='HTTPS://x.test/Ⱥ'</script><style>url(İ)</style>")},
	}
	for _, s := range seeds {
		f.Add(s.name, s.ctype, s.data)
	}
	for _, b := range corpustest.Seeds(10) {
		f.Add("mail.eml", "message/rfc822", b[:min(len(b), 32<<10)])
	}
	f.Fuzz(func(t *testing.T, name, ctype string, data []byte) {
		a := Inspect(name, ctype, data)
		switch a.Risk {
		case RiskNone:
			if len(a.RiskReasons) != 0 {
				t.Errorf("risk none with reasons %q", a.RiskReasons)
			}
		case RiskLow, RiskMedium, RiskHigh:
			if len(a.RiskReasons) == 0 {
				t.Errorf("risk %s without reasons", a.Risk)
			}
		default:
			t.Errorf("bad risk %q", a.Risk)
		}
		if len(a.Members) > MaxMembers {
			t.Errorf("%d members", len(a.Members))
		}
		for _, s := range append([]string{a.Name, a.ContentType}, a.Members...) {
			if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 || strings.IndexFunc(s, isBidiControl) >= 0 {
				t.Errorf("unsafe string %q", s)
			}
		}
		if a.Size != len(data) || len(a.SHA256) != 64 {
			t.Errorf("size %d sha %q", a.Size, a.SHA256)
		}
	})
}

func FuzzPasswordInBody(f *testing.F) {
	for _, s := range []string{"Password: 4721", "The archive password is Inv2024!", "解凍パスワードは「x9y8z7」です。", "Password:\n   Tr0ub4dor\n",
		"Ⱥ Password: Ab12cd İ", "The password is Xy12 ȺȺȺȺ", "\u212a\u212a PW: Qw12er ȺȺȺȺȺȺ", "İİ\xff pass IS: ab\xffcd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		pw, ok := PasswordInBody(body)
		if ok != (pw != "") {
			t.Fatalf("PasswordInBody(%q) = %q, %v", body, pw, ok)
		}
		// The password is text of the body, cut nowhere inside a letter.
		if ok && len(body) <= maxPasswordScan && !strings.Contains(body, pw) {
			t.Fatalf("PasswordInBody(%q) = %q: not in the body", body, pw)
		}
	})
}
