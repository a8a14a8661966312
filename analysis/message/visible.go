package message

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
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
// or script element, and "" otherwise. The tag name is compared as
// strings.ToLower would lower-case the first 8 bytes of s.
func hiddenElementEnd(s string) string {
	if len(s) < 2 || s[1] < utf8.RuneSelf && s[1]|0x20 != 's' {
		return "" // most tags: no 's' for "style" or "script"
	}
	head := s[:min(len(s), 8)]
	switch {
	case indexLower(head, "<style") == 0:
		return "</style"
	case indexLower(head, "<script") == 0:
		return "</script"
	}
	return ""
}

// indexLower returns strings.Index(strings.ToLower(s), needle) without
// building the lower-cased copy, which made skipping many style elements
// quadratic. needle must be ASCII lower case and must not repeat its first
// byte. The offset is, like the original's, one into the lower-cased text:
// it differs from the offset into s only where s has non-ASCII text whose
// lower case has another length (or invalid UTF-8) before the match.
func indexLower(s, needle string) int {
	lowered := 0 // bytes of the lower-cased text before s[i]
	matched := 0 // bytes of needle matched, ending before s[i]
	for i := 0; i < len(s); {
		if matched == 0 {
			// Only needle[0] starts a match: skip ASCII text up to the
			// next one (or to the next non-ASCII byte) at once.
			k := strings.IndexByte(s[i:], needle[0])
			if k < 0 {
				k = len(s) - i
			}
			k = asciiPrefix(s[i : i+k])
			i += k
			lowered += k
			if i == len(s) {
				break
			}
		}
		c, size, width := s[i], 1, 1
		if c >= utf8.RuneSelf {
			// strings.ToLower maps rune by rune (invalid bytes become
			// U+FFFD); a rune whose lower case is non-ASCII matches no
			// byte of needle.
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			l := unicode.ToLower(r)
			width = utf8.RuneLen(l)
			c = 0x80
			if l < utf8.RuneSelf {
				c = byte(l)
			}
		} else if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		switch {
		case c == needle[matched]:
			matched++
		case c == needle[0]:
			matched = 1
		default:
			matched = 0
		}
		if matched == len(needle) {
			return lowered + width - len(needle)
		}
		lowered += width
		i += size
	}
	return -1
}

// asciiPrefix returns the length of the ASCII bytes s starts with.
func asciiPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if (s[i]|s[i+1]|s[i+2]|s[i+3]|s[i+4]|s[i+5]|s[i+6]|s[i+7])&0x80 != 0 {
			break
		}
	}
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}
