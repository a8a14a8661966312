// Package attachments inspects one attached file: its name, declared and
// sniffed types, hash, archive members and Office/PDF/HTML active content,
// and rates its risk with a single table of rules. Nothing is executed or
// extracted: archives are read from their central directory and only a
// bounded peek is decompressed.
package attachments

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"strings"
	"unicode"

	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/qr"
	"github.com/checkmail/checkmail/analysis/report"
)

// Risk levels, lowest first.
const (
	RiskNone   = "none"
	RiskLow    = "low"
	RiskMedium = "medium"
	RiskHigh   = "high"
)

type level int

const (
	none level = iota
	low
	medium
	high
)

func (l level) String() string {
	return [...]string{RiskNone, RiskLow, RiskMedium, RiskHigh}[l]
}

// facts are everything the rules look at.
type facts struct {
	name     nameParts
	extInfo  extInfo
	extKnown bool
	declared string   // media type, lower case
	declFams []family // nil: generic or unknown declared type
	sniff    sniffed
	zip      zipInfo
	ole      oleInfo
	pdf      pdfFlags
	active   bool // script in HTML/SVG
	form     bool // form or password field in HTML
	rtfObj   bool
	rarEnc   bool
	// new content checks
	html      *HTMLResult
	qr        []string
	encrypted report.Encryption
}

// htmlHas reports an indicator of the HTML/SVG analysis.
func (f *facts) htmlHas(ind report.Indicator) bool { return f.html != nil && f.html.Has(ind) }

// qrURL reports a decoded QR code that is a web address.
func (f *facts) qrURL() bool {
	for _, t := range f.qr {
		if isWebURL(t) {
			return true
		}
	}
	return false
}

// is reports whether the name or the content says the file is of class c.
func (f *facts) is(c class) bool {
	return f.extInfo.class == c || f.sniff.class == c
}

func (f *facts) isArchive() bool {
	return f.extInfo.class == clsArchive || f.sniff.class == clsArchive && !f.zip.ooxml && !f.zip.jar && !f.zip.apk && !f.zip.odf
}

// rule is one row of the risk table.
type rule struct {
	reason string
	level  level
	match  func(f *facts) bool
}

// rules is the whole risk policy, in the order reasons are reported.
var rules = []rule{
	{"executable", high, func(f *facts) bool { return f.is(clsExecutable) }},
	{"script", high, func(f *facts) bool { return f.is(clsScript) }},
	{"unix script", medium, func(f *facts) bool { return f.sniff.mime == "text/x-shellscript" && !f.is(clsScript) }},
	{"shortcut", high, func(f *facts) bool { return f.is(clsShortcut) }},
	{"disk image", high, func(f *facts) bool { return f.is(clsDiskImage) }},
	{"onenote document", high, func(f *facts) bool { return f.is(clsOneNote) }},
	{"html attachment", high, func(f *facts) bool { return f.is(clsHTML) }},
	{"svg image", high, func(f *facts) bool { return f.is(clsSVG) }},
	{"html or svg with script", medium, func(f *facts) bool { return (f.is(clsHTML) || f.is(clsSVG)) && f.active }},
	{"html with form", medium, func(f *facts) bool { return (f.is(clsHTML) || f.is(clsSVG)) && f.form }},
	{"html smuggling", high, func(f *facts) bool { return f.htmlHas(report.IndHTMLSmuggling) }},
	{"html form posts to a web address", high, func(f *facts) bool { return f.htmlHas(report.IndHTMLFormExternal) }},
	{"html with password field", medium, func(f *facts) bool { return f.htmlHas(report.IndHTMLPasswordField) }},
	{"html redirects to a web address", medium, func(f *facts) bool { return f.htmlHas(report.IndHTMLRedirect) }},
	{"html hides an encoded page", medium, func(f *facts) bool {
		return f.htmlHas(report.IndHTMLEmbeddedPage) || f.htmlHas(report.IndHTMLDataURL)
	}},
	{"html with obfuscated script", medium, func(f *facts) bool {
		return f.htmlHas(report.IndHTMLObfuscated) || f.htmlHas(report.IndHTMLScriptDecode)
	}},
	{"qr code with a web address", medium, func(f *facts) bool { return f.qrURL() }},
	{"qr code", low, func(f *facts) bool { return len(f.qr) > 0 && !f.qrURL() }},
	{"macro-enabled office document", high, func(f *facts) bool { return f.is(clsMacroOffice) || f.zip.macro || f.ole.macro }},
	{"double extension", high, func(f *facts) bool { return isDoubleExt(f.name) }},
	{"extension hidden by padding", high, func(f *facts) bool { return f.name.padded }},
	{"right-to-left override in name", high, func(f *facts) bool { return f.name.bidi }},
	{"archive", medium, func(f *facts) bool { return f.isArchive() }},
	{"encrypted archive", high, func(f *facts) bool {
		return f.zip.encrypted || f.rarEnc || f.encrypted == report.Enc7z || f.encrypted == report.EncRAR
	}},
	{"encrypted office document", medium, func(f *facts) bool { return f.encrypted == report.EncOffice }},
	{"encrypted pdf", low, func(f *facts) bool { return f.encrypted == report.EncPDF }},
	{"archive contains executable", high, func(f *facts) bool {
		m := f.zip.memberClasses
		return m[clsExecutable] || m[clsScript] || m[clsShortcut] || m[clsDiskImage] || m[clsOneNote] || m[clsMacroOffice]
	}},
	{"archive contains html", high, func(f *facts) bool { return f.zip.memberClasses[clsHTML] || f.zip.memberClasses[clsSVG] }},
	{"archive contains double extension", high, func(f *facts) bool { return f.zip.doubleExt }},
	{"archive contains archive", medium, func(f *facts) bool { return f.zip.memberClasses[clsArchive] }},
	{"unreadable archive", medium, func(f *facts) bool { return f.sniff.fam == famZip && !f.zip.ok }},
	{"extension does not match content", medium, func(f *facts) bool {
		return f.extKnown && f.extInfo.fams != nil && f.sniff.strong && !hasFamily(f.extInfo.fams, f.sniff.fam)
	}},
	{"declared type does not match content", medium, func(f *facts) bool {
		return f.declFams != nil && f.sniff.strong && !hasFamily(f.declFams, f.sniff.fam)
	}},
	{"pdf with javascript", medium, func(f *facts) bool { return f.pdf.javascript }},
	{"pdf with launch action", medium, func(f *facts) bool { return f.pdf.launch }},
	{"pdf with embedded file", medium, func(f *facts) bool { return f.pdf.embedded }},
	{"pdf with obfuscated names", medium, func(f *facts) bool { return f.pdf.obfuscated }},
	{"pdf with open action", low, func(f *facts) bool { return f.pdf.openAction }},
	{"rtf with embedded object", medium, func(f *facts) bool { return f.rtfObj }},
	{"office document", low, func(f *facts) bool {
		return (f.is(clsOffice) || f.zip.ooxml || f.zip.odf) && !f.zip.macro && !f.ole.macro
	}},
	{"pdf document", low, func(f *facts) bool { return f.is(clsPDF) }},
	{"rtf document", low, func(f *facts) bool { return f.is(clsRTF) }},
}

func hasFamily(fs []family, f family) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// isDoubleExt: a dangerous final extension after a decoy one
// ("invoice.pdf.exe", "photo.jpg.html").
func isDoubleExt(p nameParts) bool {
	last, ok := extensions[p.ext]
	if !ok || !last.class.dangerous() {
		return false
	}
	prev, ok := extensions[p.prevExt]
	if !ok || p.prevExt == p.ext {
		return false
	}
	switch prev.class {
	case clsPDF, clsOffice, clsImage, clsText, clsRTF, clsMedia, clsArchive:
		return true
	}
	return false
}

// Options choose the optional, costlier checks of InspectWith.
type Options struct {
	// QR decodes QR codes in image and PDF attachments.
	QR bool
	// QRLimits bound the QR decoder (zero fields: qr.DefaultLimits).
	QRLimits qr.Limits
}

// DefaultOptions are those Inspect uses: every check on.
func DefaultOptions() Options { return Options{QR: true} }

// Detail is the typed, raw evidence behind an inspected attachment, for
// the analysis pipeline (never to be shown as is: URLs are live).
type Detail struct {
	// HTML is the analysis of an HTML or SVG attachment (nil otherwise).
	HTML *HTMLResult
	// QR are the texts of the QR codes found in an image or PDF.
	QR []string
	// QRErr is why QR decoding stopped early (a bound), if it did.
	QRErr error
	// URLs are the URLs of the HTML analysis and of the QR codes, raw.
	URLs []FoundURL
	// Encrypted is the password protection found.
	Encrypted report.Encryption
}

// Inspect describes one attachment: name as given (sanitized for display),
// declared Content-Type, the type sniffed from the bytes, size, SHA-256,
// ZIP members, what HTML/SVG content does, QR codes, encryption and a risk
// level with the reasons behind it.
func Inspect(name, declaredType string, data []byte) report.Attachment {
	a, _ := InspectWith(name, declaredType, data, DefaultOptions())
	return a
}

// InspectWith is Inspect with options, also returning the raw detail.
func InspectWith(name, declaredType string, data []byte, o Options) (report.Attachment, Detail) {
	sum := sha256.Sum256(data)
	a := report.Attachment{
		Name:        sanitizeName(name),
		ContentType: declaredMediaType(declaredType),
		Size:        len(data),
		SHA256:      hex.EncodeToString(sum[:]),
	}
	var d Detail
	f := facts{name: splitName(name), declared: a.ContentType, sniff: sniff(data)}
	f.extInfo, f.extKnown = extensions[f.name.ext]
	f.declFams = declaredFamilies(f.declared)

	switch f.sniff.fam {
	case famZip:
		f.zip = inspectZip(data)
		if f.zip.ok {
			f.sniff.mime = f.zip.mime
			if f.zip.macro {
				f.sniff.class = clsMacroOffice
			} else if f.zip.ooxml || f.zip.odf {
				f.sniff.class = clsOffice
			} else if f.zip.jar || f.zip.apk {
				f.sniff.class = clsExecutable
			}
			switch {
			case f.zip.aes:
				f.encrypted = report.EncZipAES
			case f.zip.encrypted:
				f.encrypted = report.EncZipCrypto
			}
		} else if f.encrypted = zipRawEncryption(data); f.encrypted != "" {
			f.zip.encrypted = true
		}
		a.Members = f.zip.members
	case famOLE:
		f.ole = inspectOLE(data)
		f.sniff.mime = f.ole.mime
		if f.ole.msi {
			f.sniff.class = clsExecutable
		}
		if f.ole.encryptedPackage {
			f.encrypted = report.EncOffice
		}
	case famPDF:
		f.pdf = inspectPDF(data)
		if f.pdf.encrypted {
			f.encrypted = report.EncPDF
		}
	case famHTML, famSVG:
		f.active = hasActiveContent(data)
		f.form = hasForm(data)
	case famRTF:
		f.rtfObj = rtfHasObject(data)
	case famRAR:
		f.rarEnc = rarEncrypted(data)
		if f.rarEnc || rarFilesEncrypted(data) {
			f.encrypted = report.EncRAR
		}
	case fam7z:
		if sevenZipEncrypted(data) {
			f.encrypted = report.Enc7z
		}
	}
	if f.extInfo.class == clsHTML || f.extInfo.class == clsSVG {
		f.active = f.active || hasActiveContent(data)
		f.form = f.form || hasForm(data)
	}
	if f.sniff.fam == famHTML || f.sniff.fam == famSVG || (f.extInfo.class == clsHTML || f.extInfo.class == clsSVG) && textual(data) {
		h := AnalyzeHTML(data)
		f.html, d.HTML = &h, &h
		d.URLs = append(d.URLs, h.URLs...)
	}
	if o.QR && (f.sniff.fam == famImage || f.sniff.fam == famPDF) {
		if k := qr.KindOf(f.sniff.mime, data); k != qr.KindUnknown {
			f.qr, d.QRErr = qr.Decode(data, k, o.QRLimits)
			d.QR = f.qr
			for _, t := range f.qr {
				if isWebURL(t) {
					h := links.Host(t)
					if !validHost(h) {
						h = ""
					}
					d.URLs = append(d.URLs, FoundURL{URL: t, Host: h, Role: report.URLQR})
				}
			}
		}
	}
	d.Encrypted = f.encrypted
	a.Sniffed = f.sniff.mime

	worst := none
	for _, r := range rules {
		if r.match(&f) {
			a.RiskReasons = append(a.RiskReasons, r.reason)
			worst = max(worst, r.level)
		}
	}
	a.Risk = worst.String()
	fillReport(&a, &f, &d)
	return a, d
}

// fillReport copies the typed findings into the report, defanged.
func fillReport(a *report.Attachment, f *facts, d *Detail) {
	set := map[report.Indicator]bool{}
	if f.html != nil {
		for _, ind := range f.html.Indicators {
			set[ind] = true
		}
	}
	if len(f.qr) > 0 {
		set[report.IndQRCode] = true
	}
	if f.qrURL() {
		set[report.IndQRURL] = true
	}
	if f.encrypted != "" {
		set[report.IndEncrypted] = true
	}
	a.Indicators = sortIndicators(set)
	a.Encrypted = f.encrypted
	for _, u := range d.URLs {
		a.URLs = append(a.URLs, report.AttachmentURL{URL: links.Defang(displayText(u.URL)), Host: u.Host, Role: u.Role})
	}
	for _, t := range f.qr {
		a.QRCodes = append(a.QRCodes, links.DefangText(displayText(t)))
	}
}

// maxDisplayRunes bounds URLs and QR texts shown in the report.
const maxDisplayRunes = 512

// displayText makes text from an attachment safe to show: invalid UTF-8
// replaced, control, bidi and invisible characters dropped, length capped.
func displayText(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsControl(r) || isBidiControl(r) || isInvisible(r) {
			continue
		}
		if n >= maxDisplayRunes {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isWebURL: a decoded QR text that is a web address.
func isWebURL(t string) bool {
	t = strings.TrimSpace(t)
	l := strings.ToLower(t[:min(len(t), 8)])
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "www.") {
		return links.Host(t) != ""
	}
	return false
}

// textual: data that can be markup (no NUL bytes at the start).
func textual(data []byte) bool {
	return bytes.IndexByte(head(data, 4096), 0) < 0
}

// declaredMediaType lower-cases the media type of a Content-Type value and
// drops its parameters.
func declaredMediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if len(mt) > 128 || strings.ContainsFunc(mt, func(r rune) bool { return r < ' ' || r > '~' }) {
		return ""
	}
	return mt
}
