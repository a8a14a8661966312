package attachments

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Sample builders: every sample is made here, none comes from real mail.

func pe() []byte {
	b := make([]byte, 0x200)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[0x3c:], 0x80)
	copy(b[0x80:], "PE\x00\x00")
	return b
}

func elf() []byte { return append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 64)...) }

type member struct {
	name      string
	body      string
	encrypted bool
}

func makeZip(t testing.TB, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, m := range members {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		if m.encrypted {
			fh.Flags |= 0x1
		}
		fw, err := w.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(m.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypes = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
const contentTypesMacro = `<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`

func docx(t testing.TB) []byte {
	return makeZip(t, member{name: "[Content_Types].xml", body: contentTypes}, member{name: "word/document.xml", body: "<w:document/>"})
}

func docm(t testing.TB) []byte {
	return makeZip(t, member{name: "[Content_Types].xml", body: contentTypesMacro},
		member{name: "word/document.xml", body: "<w:document/>"}, member{name: "word/vbaProject.bin", body: "\xd0\xcf\x11\xe0"})
}

// ole builds a minimal compound file: header, one directory sector with a
// root entry (CLSID as given) and the named entries.
func ole(clsid []byte, names ...string) []byte {
	b := make([]byte, 512*3)
	copy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	binary.LittleEndian.PutUint16(b[0x1e:], 9) // 512-byte sectors
	binary.LittleEndian.PutUint32(b[0x30:], 0) // directory at sector 0 (offset 512)
	entry := func(i int, name string) []byte {
		e := b[512+128*i : 512+128*(i+1)]
		copy(e, utf16le(name))
		return e
	}
	root := entry(0, "Root Entry")
	copy(root[0x50:], clsid)
	for i, n := range names {
		entry(i+1, n)
	}
	return b
}

var msiCLSID = []byte{0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0, 0, 0, 0, 0, 0, 0x46}

func iso() []byte {
	b := make([]byte, 0x8800)
	b[0x8000] = 1
	copy(b[0x8001:], "CD001")
	return b
}

func vhdFixed() []byte {
	b := make([]byte, 4096)
	copy(b[len(b)-512:], "conectix")
	return b
}

func png() []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
}

func rar5Encrypted() []byte {
	// signature, CRC32, header size 5 (vint), header type 4 (encryption)
	return append([]byte("Rar!\x1a\x07\x01\x00"), 0, 0, 0, 0, 5, 4, 0, 0, 0, 0, 0)
}

func rar4Encrypted() []byte {
	// marker block, then main header CRC(2) type 0x73 flags 0x0080
	return append([]byte("Rar!\x1a\x07\x00"), 0, 0, 0x73, 0x80, 0x00, 13, 0, 0, 0, 0, 0, 0, 0)
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name, file, ctype string
		data              []byte
		sniffed           string
		risk              string
		reasons           []string // exact list, in table order
		members           []string
	}{
		{name: "pe with double extension", file: "invoice.pdf.exe", ctype: "application/octet-stream", data: pe(),
			sniffed: "application/vnd.microsoft.portable-executable", risk: RiskHigh,
			reasons: []string{"executable", "double extension"}},
		{name: "pe disguised as pdf", file: "report.pdf", ctype: "application/pdf", data: pe(),
			sniffed: "application/vnd.microsoft.portable-executable", risk: RiskHigh,
			reasons: []string{"executable", "extension does not match content", "declared type does not match content", "pdf document"}},
		{name: "elf without name", file: "", ctype: "", data: elf(),
			sniffed: "application/x-elf", risk: RiskHigh, reasons: []string{"executable"}},
		{name: "script by extension", file: "Payment.JS", ctype: "text/javascript", data: []byte("var x = new ActiveXObject('WScript.Shell');"),
			sniffed: "text/plain", risk: RiskHigh, reasons: []string{"script"}},
		{name: "trailing dots and spaces ignored", file: "setup.exe. . ", data: pe(),
			sniffed: "application/vnd.microsoft.portable-executable", risk: RiskHigh, reasons: []string{"executable"}},
		{name: "rtlo name", file: "photo\u202Egpj.scr", data: pe(),
			sniffed: "application/vnd.microsoft.portable-executable", risk: RiskHigh,
			reasons: []string{"executable", "right-to-left override in name"}},
		{name: "padded extension", file: "scan.pdf                    .html", ctype: "text/html",
			data:    []byte("<html><body><form action=x><input type=password></form></body></html>"),
			sniffed: "text/html", risk: RiskHigh,
			reasons: []string{"html attachment", "html with form", "html with password field", "double extension", "extension hidden by padding"}},
		{name: "html credential page", file: "Remittance_Advice.htm", ctype: "text/html; charset=UTF-8",
			data:    []byte("<!DOCTYPE html><html><script>document.write(atob('PGZvcm0+'))</script></html>"),
			sniffed: "text/html", risk: RiskHigh, reasons: []string{"html attachment", "html or svg with script", "html with obfuscated script"}},
		{name: "html disguised as txt", file: "message.txt", ctype: "text/plain", data: []byte("\n\n<html><body>hi</body></html>"),
			sniffed: "text/html", risk: RiskHigh,
			reasons: []string{"html attachment", "extension does not match content", "declared type does not match content"}},
		{name: "svg with script", file: "fax.svg", ctype: "image/svg+xml",
			data:    []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="location='x'"><script>alert(1)</script></svg>`),
			sniffed: "image/svg+xml", risk: RiskHigh, reasons: []string{"svg image", "html or svg with script"}},
		{name: "docx", file: "Agenda.docx", ctype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data: docx(t),
			sniffed: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", risk: RiskLow,
			reasons: []string{"office document"}, members: []string{"[Content_Types].xml", "word/document.xml"}},
		{name: "docm", file: "Agenda.docm", ctype: "application/vnd.ms-word.document.macroEnabled.12", data: docm(t),
			sniffed: "application/vnd.ms-word.document.macroenabled.12", risk: RiskHigh,
			reasons: []string{"macro-enabled office document"},
			members: []string{"[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"}},
		{name: "macros hidden in a .docx", file: "Agenda.docx", data: docm(t),
			sniffed: "application/vnd.ms-word.document.macroenabled.12", risk: RiskHigh,
			reasons: []string{"macro-enabled office document"},
			members: []string{"[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"}},
		{name: "zip with executable", file: "Invoice.zip", ctype: "application/zip",
			data:    makeZip(t, member{name: "Invoice.pdf.exe", body: string(pe())}, member{name: "readme.txt", body: "hi"}),
			sniffed: "application/zip", risk: RiskHigh,
			reasons: []string{"archive", "archive contains executable", "archive contains double extension"},
			members: []string{"Invoice.pdf.exe", "readme.txt"}},
		{name: "zip with html", file: "docs.zip", data: makeZip(t, member{name: "docs/", body: ""}, member{name: "docs/view.html", body: "<html>"}),
			sniffed: "application/zip", risk: RiskHigh, reasons: []string{"archive", "archive contains html"},
			members: []string{"docs/", "docs/view.html"}},
		{name: "encrypted zip", file: "secure.zip", data: makeZip(t, member{name: "scan.pdf", body: "%PDF-1.4", encrypted: true}),
			sniffed: "application/zip", risk: RiskHigh, reasons: []string{"archive", "encrypted archive"}, members: []string{"scan.pdf"}},
		{name: "nested archive", file: "a.zip", data: makeZip(t, member{name: "b.rar", body: "Rar!"}),
			sniffed: "application/zip", risk: RiskMedium, reasons: []string{"archive", "archive contains archive"}, members: []string{"b.rar"}},
		{name: "plain zip", file: "photos.zip", data: makeZip(t, member{name: "a.jpg", body: "x"}),
			sniffed: "application/zip", risk: RiskMedium, reasons: []string{"archive"}, members: []string{"a.jpg"}},
		{name: "corrupt zip", file: "x.zip", data: []byte("PK\x03\x04garbage that is not a zip"),
			sniffed: "application/zip", risk: RiskMedium, reasons: []string{"archive", "unreadable archive"}},
		{name: "jar", file: "update.jar", data: makeZip(t, member{name: "META-INF/MANIFEST.MF", body: "Main-Class: A"}, member{name: "A.class", body: "\xca\xfe\xba\xbe"}),
			sniffed: "application/java-archive", risk: RiskHigh, reasons: []string{"executable", "archive contains executable"},
			members: []string{"META-INF/MANIFEST.MF", "A.class"}},
		{name: "rar5 encrypted headers", file: "files.rar", data: rar5Encrypted(),
			sniffed: "application/vnd.rar", risk: RiskHigh, reasons: []string{"archive", "encrypted archive"}},
		{name: "rar4 encrypted headers", file: "files.rar", data: rar4Encrypted(),
			sniffed: "application/vnd.rar", risk: RiskHigh, reasons: []string{"archive", "encrypted archive"}},
		{name: "ace renamed rar", file: "order.rar", data: append([]byte("\x00\x00\x00\x00\x00\x00\x00**ACE**"), make([]byte, 20)...),
			sniffed: "application/x-ace-compressed", risk: RiskMedium, reasons: []string{"archive", "extension does not match content"}},
		{name: "7z", file: "a.7z", data: []byte("7z\xbc\xaf\x27\x1c\x00\x04"),
			sniffed: "application/x-7z-compressed", risk: RiskMedium, reasons: []string{"archive"}},
		{name: "gzip", file: "logs.tar.gz", data: []byte("\x1f\x8b\x08\x00\x00\x00"),
			sniffed: "application/gzip", risk: RiskMedium, reasons: []string{"archive"}},
		{name: "iso", file: "DHL_Label.iso", data: iso(),
			sniffed: "application/x-iso9660-image", risk: RiskHigh, reasons: []string{"disk image"}},
		{name: "iso named img", file: "invoice.img", data: iso(),
			sniffed: "application/x-iso9660-image", risk: RiskHigh, reasons: []string{"disk image"}},
		{name: "vhd footer", file: "disk.pdf", data: vhdFixed(),
			sniffed: "application/x-vhd", risk: RiskHigh, reasons: []string{"disk image", "extension does not match content", "pdf document"}},
		{name: "lnk", file: "Document.lnk", data: append([]byte("L\x00\x00\x00\x01\x14\x02\x00"), make([]byte, 68)...),
			sniffed: "application/x-ms-shortcut", risk: RiskHigh, reasons: []string{"shortcut"}},
		{name: "onenote", file: "Notes.one", data: append([]byte("\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d\xae\xb1\x53\x78\xd0\x29\x96\xd3"), make([]byte, 16)...),
			sniffed: "application/onenote", risk: RiskHigh, reasons: []string{"onenote document"}},
		{name: "msi by clsid", file: "setup.msi", data: ole(msiCLSID, "\u4840\u3f3f"),
			sniffed: "application/x-msi", risk: RiskHigh, reasons: []string{"executable"}},
		{name: "msi renamed doc", file: "contract.doc", data: ole(msiCLSID),
			sniffed: "application/x-msi", risk: RiskHigh, reasons: []string{"executable", "office document"}},
		{name: "doc with macros", file: "Order.doc", ctype: "application/msword", data: ole(make([]byte, 16), "WordDocument", "Macros", "_VBA_PROJECT"),
			sniffed: "application/msword", risk: RiskHigh, reasons: []string{"macro-enabled office document"}},
		{name: "xls without macros", file: "Budget.xls", ctype: "application/vnd.ms-excel", data: ole(make([]byte, 16), "Workbook"),
			sniffed: "application/vnd.ms-excel", risk: RiskLow, reasons: []string{"office document"}},
		{name: "pdf clean", file: "statement.pdf", ctype: "application/pdf", data: []byte("%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n%%EOF"),
			sniffed: "application/pdf", risk: RiskLow, reasons: []string{"pdf document"}},
		{name: "pdf with javascript", file: "statement.pdf", ctype: "application/pdf",
			data:    []byte("%PDF-1.7\n1 0 obj <</Type/Catalog/OpenAction 2 0 R>>\n2 0 obj <</S/JavaScript/JS(app.alert(1))>>\n%%EOF"),
			sniffed: "application/pdf", risk: RiskMedium, reasons: []string{"pdf with javascript", "pdf with open action", "pdf document"}},
		{name: "pdf with obfuscated launch", file: "a.pdf", data: []byte("%PDF-1.4\n<</S/L#61unch/F(cmd.exe)>> <</EmbeddedFiles 3 0 R>>"),
			sniffed: "application/pdf", risk: RiskMedium, reasons: []string{"pdf with launch action", "pdf with embedded file", "pdf with obfuscated names", "pdf document"}},
		{name: "rtf with object", file: "Quote.doc", ctype: "application/msword", data: []byte(`{\rtf1{\object\objemb{\objdata 0105000002000000}}}`),
			sniffed: "application/rtf", risk: RiskMedium, reasons: []string{"rtf with embedded object", "office document", "rtf document"}},
		{name: "png", file: "image001.png", ctype: "image/png", data: png(),
			sniffed: "image/png", risk: RiskNone},
		{name: "png declared as jpeg", file: "logo.jpg", ctype: "image/jpeg", data: png(),
			sniffed: "image/png", risk: RiskNone},
		{name: "csv", file: "export.csv", ctype: "text/csv", data: []byte("a,b\n1,2\n"),
			sniffed: "text/plain", risk: RiskNone},
		{name: "ics", file: "invite.ics", ctype: "text/calendar; method=REQUEST", data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
			sniffed: "text/plain", risk: RiskNone},
		{name: "unknown binary", file: "", ctype: "application/octet-stream", data: []byte{0, 1, 2, 3, 4, 5},
			sniffed: "application/octet-stream", risk: RiskNone},
		{name: "empty", file: "empty.txt", ctype: "text/plain", data: nil,
			sniffed: "", risk: RiskNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Inspect(tt.file, tt.ctype, tt.data)
			if a.Sniffed != tt.sniffed {
				t.Errorf("Sniffed = %q, want %q", a.Sniffed, tt.sniffed)
			}
			if a.Risk != tt.risk {
				t.Errorf("Risk = %q, want %q (reasons %q)", a.Risk, tt.risk, a.RiskReasons)
			}
			if !slices.Equal(a.RiskReasons, tt.reasons) {
				t.Errorf("RiskReasons = %q, want %q", a.RiskReasons, tt.reasons)
			}
			if !slices.Equal(a.Members, tt.members) {
				t.Errorf("Members = %q, want %q", a.Members, tt.members)
			}
			sum := sha256.Sum256(tt.data)
			if a.Size != len(tt.data) || a.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("Size/SHA256 = %d %s", a.Size, a.SHA256)
			}
		})
	}
}

func TestInspectNameAndType(t *testing.T) {
	tests := []struct{ name, ctype, wantName, wantType string }{
		{"a\x00b\x1b[31mc.txt", "Text/Plain; charset=\"ISO-2022-JP\"", "ab[31mc.txt", "text/plain"},
		{"photo\u202Egpj.exe", "APPLICATION/OCTET-STREAM", "photo[U+202E]gpj.exe", "application/octet-stream"},
		{"請求書.pdf", "application/pdf; name=\"=?UTF-8?B?...?=\"", "請求書.pdf", "application/pdf"},
		{"bad\xffutf8.doc", "garbage;;", "bad\uFFFDutf8.doc", "garbage"},
		{strings.Repeat("a", 400) + ".exe", "", strings.Repeat("a", 255) + "…", ""},
		{"x.txt", "text/plain\x00evil", "x.txt", ""},
	}
	for _, tt := range tests {
		a := Inspect(tt.name, tt.ctype, []byte("hello"))
		if a.Name != tt.wantName || a.ContentType != tt.wantType {
			t.Errorf("Inspect(%q, %q): Name %q ContentType %q; want %q %q", tt.name, tt.ctype, a.Name, a.ContentType, tt.wantName, tt.wantType)
		}
	}
}

func TestMembersCapped(t *testing.T) {
	var ms []member
	for i := range 60 {
		ms = append(ms, member{name: fmt.Sprintf("f%02d.txt", i), body: "x"})
	}
	ms = append(ms, member{name: "zz/last.exe", body: "MZ"})
	a := Inspect("many.zip", "application/zip", makeZip(t, ms...))
	if len(a.Members) != MaxMembers {
		t.Errorf("%d members, want %d", len(a.Members), MaxMembers)
	}
	// Entries beyond the listed ones still count for risk.
	if !slices.Contains(a.RiskReasons, "archive contains executable") {
		t.Errorf("reasons %q", a.RiskReasons)
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct {
		in   string
		want nameParts
	}{
		{"invoice.pdf.exe", nameParts{ext: "exe", prevExt: "pdf"}},
		{`C:\fakepath\doc.DOCX`, nameParts{ext: "docx"}},
		{"scan.pdf      .html", nameParts{ext: "html", prevExt: "pdf", padded: true}},
		{"a\u202Etxt.exe", nameParts{ext: "exe", bidi: true}},
		{"noext", nameParts{}},
		{"archive.tar.gz", nameParts{ext: "gz", prevExt: "tar"}},
		{"x.exe\u200b", nameParts{ext: "exe"}},
	}
	for _, tt := range tests {
		if got := splitName(tt.in); got != tt.want {
			t.Errorf("splitName(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// Every reason in the table must be reachable and distinct.
func TestRulesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.reason] {
			t.Errorf("duplicate reason %q", r.reason)
		}
		seen[r.reason] = true
	}
}
