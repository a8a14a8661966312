package attachments

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes bounds the name kept in the report.
const maxNameRunes = 255

// isBidiControl reports the Unicode bidirectional formatting characters
// (RLO U+202E and friends) used to make "exe.pdf" display as "fdp.exe".
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// isInvisible reports zero-width characters that hide inside names.
func isInvisible(r rune) bool {
	return r >= 0x200B && r <= 0x200D || r == 0x2060 || r == 0xFEFF || r == 0x00AD
}

// sanitizeName makes a file name safe to show: control characters are
// removed, bidirectional controls are shown as "[U+202E]" so the name
// reads as the computer sees it, invalid UTF-8 becomes U+FFFD and the
// length is capped.
func sanitizeName(name string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(name, "\uFFFD") {
		if n >= maxNameRunes {
			b.WriteString("…")
			break
		}
		switch {
		case unicode.IsControl(r):
			continue
		case isBidiControl(r), isInvisible(r):
			fmt.Fprintf(&b, "[U+%04X]", r)
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

// nameParts describes the extension structure of a file name.
type nameParts struct {
	ext     string // final extension, lower case, no dot ("exe")
	prevExt string // the extension before it ("pdf" in "a.pdf.exe")
	padded  bool   // whitespace run (3+) hides the final extension
	bidi    bool   // contains bidirectional control characters
}

// isPadding reports spaces used to push an extension out of view.
func isPadding(r rune) bool {
	return unicode.IsSpace(r) || r == 0x3000 || r == 0x00A0 || r >= 0x2000 && r <= 0x200A
}

// splitName finds the extensions of name the way Windows would: path
// components are dropped, trailing dots and spaces are ignored, invisible
// and bidi characters do not count.
func splitName(name string) nameParts {
	var p nameParts
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	p.bidi = strings.IndexFunc(name, isBidiControl) >= 0
	name = strings.Map(func(r rune) rune {
		if isBidiControl(r) || isInvisible(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimRightFunc(name, func(r rune) bool { return r == '.' || isPadding(r) })
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return p
	}
	p.ext = strings.ToLower(name[dot+1:])
	stem := name[:dot]
	trimmed := strings.TrimRightFunc(stem, isPadding)
	if utf8.RuneCountInString(stem)-utf8.RuneCountInString(trimmed) >= 3 {
		p.padded = true
	}
	if d := strings.LastIndexByte(trimmed, '.'); d >= 0 {
		p.prevExt = strings.ToLower(strings.TrimSpace(trimmed[d+1:]))
	}
	return p
}
