package links

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
	"golang.org/x/text/width"

	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/internal/ascii"
)

// maxURLLen bounds one URL taken from text or an attribute.
const maxURLLen = 8 << 10

// scanText calls emit for every URL written in plain text, in order:
// http://, https://, ftp:// URLs and bare "www." hosts. A URL ends at
// whitespace, at characters that do not occur in URLs ("<>\"'`{}|\^") and
// at any non-ASCII rune (Japanese text often follows a URL without a
// space); trailing punctuation and unbalanced closing brackets are dropped.
func scanText(s string, emit func(string)) {
	for i := 0; i < len(s); {
		// Only ':' (of "://") and 'w' (of "www.") can be where a URL is
		// recognized.
		for i < len(s) && s[i] != ':' && s[i]|0x20 != 'w' {
			i++
		}
		if i == len(s) {
			break
		}
		start, ok := urlStartAt(s, i)
		if !ok {
			i++
			continue
		}
		end := urlEnd(s, start)
		u := trimURLTail(s[start:end])
		if validFound(u) {
			emit(u)
		}
		if end <= i {
			end = i + 1
		}
		i = end
	}
}

// urlStartAt reports whether a URL starts at s[i] or, for "://" found at
// s[i], at the scheme before it, and returns its start.
func urlStartAt(s string, i int) (int, bool) {
	switch c := s[i]; {
	case c == ':' && strings.HasPrefix(s[i:], "://"):
		j := i
		for j > 0 && isAlpha(s[j-1]) && i-j < 6 {
			j--
		}
		switch strings.ToLower(s[j:i]) {
		case "http", "https", "ftp":
		default:
			return 0, false
		}
		if j > 0 && (isAlpha(s[j-1]) || isDigit(s[j-1])) {
			return 0, false // "xhttp://": not a URL we recognize
		}
		// Already emitted as part of an earlier URL? The caller skips
		// past the end of every URL it emits, so no.
		return j, true
	case c|0x20 == 'w':
		if len(s)-i < 5 || !strings.EqualFold(s[i:i+4], "www.") {
			return 0, false
		}
		if i > 0 {
			p := s[i-1]
			if isAlpha(p) || isDigit(p) || strings.IndexByte(".-_@/:%", p) >= 0 {
				return 0, false
			}
		}
		return i, true
	}
	return 0, false
}

// urlEnd returns the end of the URL starting at start.
func urlEnd(s string, start int) int {
	end := start
	for end < len(s) && end-start < maxURLLen {
		c := s[end]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("<>\"'`{}|\\^", c) >= 0 {
			break
		}
		end++
	}
	// The scheme's "://" must be followed by something.
	return end
}

// trimURLTail drops trailing punctuation and unbalanced closing brackets.
func trimURLTail(u string) string {
	openP, closeP := strings.Count(u, "("), strings.Count(u, ")")
	openB, closeB := strings.Count(u, "["), strings.Count(u, "]")
	for len(u) > 0 {
		switch u[len(u)-1] {
		case '.', ',', ';', ':', '!', '?', '*':
		case ')':
			if openP >= closeP {
				return u
			}
			closeP--
		case ']':
			if openB >= closeB {
				return u
			}
			closeB--
		default:
			return u
		}
		u = u[:len(u)-1]
	}
	return u
}

// validFound reports whether a URL found in text has a usable host.
func validFound(u string) bool {
	h := Host(u)
	return h != "" && (strings.Contains(h, ".") || isIP(h))
}

// zeroWidth strips invisible characters that phish insert to defeat
// matching (zero-width spaces and joiners, word joiner, BOM, soft hyphen)
// and bidirectional controls.
func zeroWidth(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2069,
		r == 0xFEFF, r == 0x00AD, r == 0x180E:
		return true
	}
	return false
}

// maxTextRunes is the length kept of a link's visible text.
const maxTextRunes = 200

// cleanText collapses whitespace, removes control and invisible characters
// and truncates to maxTextRunes runes (with "…").
func cleanText(s string) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), zeroWidth(r):
			continue
		}
		if n >= maxTextRunes {
			b.WriteString("…")
			return b.String()
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// textDomain returns the organizational domain of the first URL or
// domain name written in a link's visible text, or "". Full-width forms
// ("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ") are folded first.
func textDomain(text string) string {
	t := width.Fold.String(strings.Map(func(r rune) rune {
		if zeroWidth(r) {
			return -1
		}
		if r == '。' || r == '｡' {
			return '.'
		}
		return r
	}, text))
	found := ""
	scanText(t, func(u string) {
		if found == "" {
			found = domain.Org(Host(u))
		}
	})
	if found != "" {
		return found
	}
	// A bare domain name counts only when it is the whole text ("paypal.com",
	// "support@paypal.com", "amazon.co.jp/orders"): sentences that merely
	// mention a site ("read CNET News.com") are not link targets.
	t = strings.TrimFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '_' || unicode.IsSymbol(r)
	})
	if t == "" || strings.IndexFunc(t, unicode.IsSpace) >= 0 || len(t) > 253+512 {
		return ""
	}
	if i := strings.IndexAny(t, "/?#"); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndexByte(t, '@'); i >= 0 {
		t = t[i+1:]
	}
	host := strings.ToLower(strings.Trim(t, ".-"))
	if !strings.Contains(host, ".") || !ascii.Is(host) {
		return ""
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !(isAlpha(c) || isDigit(c) || c == '.' || c == '-' || c == '_') {
			return ""
		}
	}
	if isIP(host) {
		return host
	}
	if _, icann := publicsuffix.PublicSuffix(host); !icann {
		return "" // no real TLD: "file.exe", "v1.2"
	}
	return domain.Org(host)
}
