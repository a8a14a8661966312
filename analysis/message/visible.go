package message

import (
	"html"
	"strings"
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
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		s = s[lt:]
		lower := strings.ToLower(s[:min(len(s), 8)])
		for _, skip := range []string{"<style", "<script"} {
			if strings.HasPrefix(lower, skip) {
				end := strings.Index(strings.ToLower(s), "</"+skip[1:])
				if end < 0 {
					return html.UnescapeString(b.String())
				}
				s = s[end:]
			}
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
