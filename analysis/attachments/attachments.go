// Package attachments inspects one attached file: its name, declared and
// sniffed types, hash, archive members and Office/PDF/HTML active content,
// and rates its risk with a single table of rules. Nothing is executed or
// extracted: archives are read from their central directory and only a
// bounded peek is decompressed.
package attachments

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"strings"

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
	{"macro-enabled office document", high, func(f *facts) bool { return f.is(clsMacroOffice) || f.zip.macro || f.ole.macro }},
	{"double extension", high, func(f *facts) bool { return isDoubleExt(f.name) }},
	{"extension hidden by padding", high, func(f *facts) bool { return f.name.padded }},
	{"right-to-left override in name", high, func(f *facts) bool { return f.name.bidi }},
	{"archive", medium, func(f *facts) bool { return f.isArchive() }},
	{"encrypted archive", high, func(f *facts) bool { return f.zip.encrypted || f.rarEnc }},
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

// Inspect describes one attachment: name as given (sanitized for display),
// declared Content-Type, the type sniffed from the bytes, size, SHA-256,
// ZIP members and a risk level with the reasons behind it.
func Inspect(name, declaredType string, data []byte) report.Attachment {
	sum := sha256.Sum256(data)
	a := report.Attachment{
		Name:        sanitizeName(name),
		ContentType: declaredMediaType(declaredType),
		Size:        len(data),
		SHA256:      hex.EncodeToString(sum[:]),
	}
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
		}
		a.Members = f.zip.members
	case famOLE:
		f.ole = inspectOLE(data)
		f.sniff.mime = f.ole.mime
		if f.ole.msi {
			f.sniff.class = clsExecutable
		}
	case famPDF:
		f.pdf = inspectPDF(data)
	case famHTML, famSVG:
		f.active = hasActiveContent(data)
		f.form = hasForm(data)
	case famRTF:
		f.rtfObj = rtfHasObject(data)
	case famRAR:
		f.rarEnc = rarEncrypted(data)
	}
	if f.extInfo.class == clsHTML || f.extInfo.class == clsSVG {
		f.active = f.active || hasActiveContent(data)
		f.form = f.form || hasForm(data)
	}
	a.Sniffed = f.sniff.mime

	worst := none
	for _, r := range rules {
		if r.match(&f) {
			a.RiskReasons = append(a.RiskReasons, r.reason)
			worst = max(worst, r.level)
		}
	}
	a.Risk = worst.String()
	return a
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
