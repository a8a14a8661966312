package render

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
const (
	MaxBlocks          = 50
	MaxSectionText     = 3000
	MaxHeaderText      = 150
	MaxFields          = 10
	MaxFieldText       = 2000
	MaxButtonText      = 75
	MaxContextElements = 10
	MaxContextText     = 2000
	MaxFallbackText    = 500
	DefaultMaxLinks    = 10
)

// truncate cuts s to at most n runes, ending with "…" when it cut. It never
// leaves half of an entity (&amp; &lt; &gt;) or of a surrogate-free rune.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	count := 0
	for i := range s {
		if count == n-1 {
			cut = i
			break
		}
		count++
	}
	out := s[:cut]
	// Do not end inside an entity we produced ("&am").
	if amp := strings.LastIndexByte(out, '&'); amp >= 0 && !strings.Contains(out[amp:], ";") {
		out = out[:amp]
	}
	// Do not end right after a lone zero-width space we inserted.
	out = strings.TrimSuffix(out, zwsp)
	return out + "…"
}

// joinLimited joins lines with newlines into at most max runes. Lines that
// do not fit are dropped and counted in a final "+N more" line (more).
func joinLimited(lines []string, max int, more func(n int) string) string {
	var b strings.Builder
	used := 0
	const reserve = 40 // room for the "+N more" line
	for i, l := range lines {
		l = truncate(l, max-reserve)
		n := utf8.RuneCountInString(l) + 1
		if used+n > max-reserve {
			rest := len(lines) - i
			tail := more(rest)
			b.WriteString(truncate(tail, reserve-1))
			return b.String()
		}
		b.WriteString(l)
		b.WriteByte('\n')
		used += n
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// enforceLimits is the last pass over the blocks: it guarantees Slack's
// limits whatever the builders did, so an unusual report degrades instead of
// being rejected by chat.postMessage.
func enforceLimits(blocks []slack.Block) []slack.Block {
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if b.Text != nil {
				b.Text.Text = truncate(b.Text.Text, MaxHeaderText)
			}
		case *slack.SectionBlock:
			if b.Text != nil {
				b.Text.Text = truncate(b.Text.Text, MaxSectionText)
			}
			if len(b.Fields) > MaxFields {
				b.Fields = b.Fields[:MaxFields]
			}
			for _, f := range b.Fields {
				f.Text = truncate(f.Text, MaxFieldText)
			}
		case *slack.ContextBlock:
			if len(b.ContextElements.Elements) > MaxContextElements {
				b.ContextElements.Elements = b.ContextElements.Elements[:MaxContextElements]
			}
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					t.Text = truncate(t.Text, MaxContextText)
				}
			}
		case *slack.ActionBlock:
			if b.Elements != nil {
				for _, e := range b.Elements.ElementSet {
					if btn, ok := e.(*slack.ButtonBlockElement); ok && btn.Text != nil {
						btn.Text.Text = truncate(btn.Text.Text, MaxButtonText)
					}
				}
			}
		}
	}
	if len(blocks) > MaxBlocks {
		// Keep the head and the last two blocks (tally and buttons).
		keep := append([]slack.Block{}, blocks[:MaxBlocks-2]...)
		blocks = append(keep, blocks[len(blocks)-2:]...)
	}
	return blocks
}

// clip applies a treatment (safe, safeDomain, Escape…) to at most n+1 runes
// of s and truncates the result to n runes: a 1 MB subject costs no more
// than a short one.
func clip(treat func(string) string, s string, n int) string {
	count := 0
	for i := range s {
		if count == n+1 {
			s = s[:i]
			break
		}
		count++
	}
	return truncate(treat(s), n)
}
