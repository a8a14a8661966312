package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/links"
)

// Escape makes a string taken from a mail safe inside Slack mrkdwn:
//
//   - & < > become &amp; &lt; &gt; (& first), so no <!channel>, <@U…>,
//     <#C…>, <!subteam^…>, <!date^…> or <url|text> link can be formed, and
//     an already escaped "&lt;!channel&gt;" stays literal text;
//   - bare @channel, @here and @everyone get a zero-width space after the @
//     so that no client or later re-parse turns them into a broadcast;
//   - line breaks and tabs become spaces (a subject cannot fake extra lines
//     of the report), other control characters and invisible format
//     characters are removed, and bidirectional overrides are shown as
//     [U+202E] so a file name cannot hide its real extension;
//   - runs of three backticks are broken, so a subject cannot open a code
//     block that swallows the rest of the section;
//   - invalid UTF-8 becomes U+FFFD.
func Escape(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	backticks := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			r = unicode.ReplacementChar
		}
		if r == '`' {
			backticks++
			if backticks == 3 {
				b.WriteString(zwsp)
				backticks = 1
			}
			b.WriteRune(r)
			continue
		}
		if dropped(r) {
			continue // does not end a backtick run: "`\u200b``" stays broken
		}
		backticks = 0
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte(' ')
		case isBidiControl(r):
			fmt.Fprintf(&b, "[U+%04X]", r)
		default:
			b.WriteRune(r)
		}
	}
	return neutralizeBroadcasts(b.String())
}

// dropped reports whether Escape removes r: control characters other than
// line breaks and tabs, and invisible format characters and fillers (but not
// the zero-width joiner of emoji sequences, nor bidi controls, which are
// shown).
func dropped(r rune) bool {
	switch {
	case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == '\u0085':
		return false
	case r == '\u200D' || isBidiControl(r):
		return false
	case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		return true
	}
	switch r {
	case '\u034F', '\u115F', '\u1160', '\u3164', '\uFFA0':
		return true
	}
	return false
}

// zwsp is U+200B ZERO WIDTH SPACE, inserted by Escape itself (the input's
// own format characters are removed first).
const zwsp = "\u200B"

func isBidiControl(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// neutralizeBroadcasts inserts a zero-width space after the @ of @channel,
// @here and @everyone (any case).
func neutralizeBroadcasts(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '@')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+1])
		s = s[i+1:]
		for _, w := range []string{"channel", "here", "everyone"} {
			if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
				b.WriteString(zwsp)
				break
			}
		}
	}
}

// DefangText defangs every URL, host name and IPv4 address in free text;
// see links.DefangText. It does not escape: use Escape(DefangText(s)).
func DefangText(s string) string { return links.DefangText(s) }

// safe is the treatment of free text from a mail: defanged, then escaped.
func safe(s string) string { return Escape(DefangText(s)) }

// safeDomain is the treatment of a domain, host or IP from a mail.
func safeDomain(s string) string { return Escape(links.DefangDomain(strings.TrimSpace(s))) }

// safeURL is the treatment of a URL from a mail (report URLs are already
// defanged; Defang is idempotent on them).
func safeURL(s string) string { return Escape(links.Defang(strings.TrimSpace(s))) }

// safeAddr defangs the domain part of a mail address and escapes it.
func safeAddr(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return Escape(s[:i+1] + links.DefangDomain(s[i+1:]))
	}
	return safe(s)
}
