package message

import (
	"html"
	"strings"

	"github.com/checkmail/checkmail/internal/ascii"
)

// VisibleText is the body as a reader sees it: the text parts and the HTML
// parts with tags removed, at most max bytes of each. Both count: phish
// often put junk in the text part and the lure in the HTML.
func VisibleText(m *Message, max int) string {
	var b strings.Builder
	for _, t := range m.Text {
		if b.Len() >= max {
			break
		}
		b.WriteString(t[:min(len(t), max-b.Len())])
		b.WriteByte('\n')
	}
	limit := b.Len() + max
	for _, h := range m.HTML {
		if b.Len() >= limit {
			break
		}
		t := StripTags(h[:min(len(h), 4*max)])
		b.WriteString(t[:min(len(t), limit-b.Len())])
		b.WriteByte('\n')
	}
	return b.String()
}

// StripTags removes tags, style and script contents, and decodes entities.
// It is a reader's approximation, not an HTML parser.
func StripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		s = s[lt:]
		if close := hiddenElementEnd(s); close != "" {
			end := indexLower(s, close)
			if end < 0 {
				return html.UnescapeString(b.String())
			}
			s = s[end:]
		}
		gt := strings.IndexByte(s, '>')
		if gt < 0 {
			break
		}
		b.WriteByte(' ')
		s = s[gt+1:]
	}
	return html.UnescapeString(b.String())
}

// hiddenElementEnd returns the start of the end tag ("</style", "</script")
// whose content StripTags skips when the tag at the start of s opens a style
// or script element, and "" otherwise. Tag names are ASCII: they are
// compared without regard to ASCII case only.
func hiddenElementEnd(s string) string {
	if len(s) < 2 || s[1]|0x20 != 's' {
		return "" // most tags: no 's' for "style" or "script"
	}
	switch {
	case ascii.HasPrefixFold(s, "<style"):
		return "</style"
	case ascii.HasPrefixFold(s, "<script"):
		return "</script"
	}
	return ""
}

// indexLower returns the offset in s of the first occurrence of needle,
// ASCII letters compared without regard to case, without building a
// lower-cased copy (which made skipping many style elements quadratic, and
// whose offsets, where non-ASCII text changes length when lower-cased, did
// not point into s). needle must be ASCII lower case.
func indexLower(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		k := strings.IndexByte(s[i:], needle[0])
		if k < 0 {
			return -1
		}
		i += k
		if ascii.HasPrefixFold(s[i:], needle) {
			return i
		}
	}
	return -1
}
