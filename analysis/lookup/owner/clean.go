package owner

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxField bounds every text field taken from a registry answer.
const MaxField = 200

// redactionMarkers are phrases registries and registrars put where a name
// was withheld. A value containing one is not an owner.
var redactionMarkers = []string{
	"redacted", "not disclosed", "withheld", "privacy", "data protected",
	"gdpr", "non-public", "statutory masking", "not available",
	"contact privacy", "whoisguard", "domains by proxy", "identity protect",
	"private registration", "registration private", "hidden",
}

// Redacted reports whether s is empty or a redaction/privacy marker
// rather than a real name.
func Redacted(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	if l == "" || l == "-" || l == "n/a" || l == "none" {
		return true
	}
	for _, m := range redactionMarkers {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// Clean makes a value from a registry answer safe to store: valid UTF-8,
// no control characters, collapsed spaces, at most MaxField bytes.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		if b.Len() >= MaxField {
			break
		}
	}
	out := b.String()
	for len(out) > MaxField {
		_, n := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-n]
	}
	return out
}

// dateLayouts are the date formats seen in RDAP and WHOIS answers.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700", // 1997-09-15T07:00:00.000+0000
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"2006.01.02 15:04:05",
	"2006.01.02",
	"2006. 01. 02.",
	"02-Jan-2006",
	"02-jan-2006",
	"02.01.2006",
	"02/01/2006",
	"20060102",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon Jan _2 2006",
	"January 2 2006",
}

// ParseDate reads a registration date in any common registry format. Text
// after the date that is not part of it (" (JST)", " UTC") is ignored.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	cands := []string{s}
	if i := strings.IndexAny(s, "("); i > 0 {
		cands = append(cands, strings.TrimSpace(s[:i]))
	}
	if f := strings.Fields(s); len(f) > 1 {
		cands = append(cands, f[0], f[0]+" "+f[1])
	}
	for _, c := range cands {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, c); err == nil {
				if t.Year() < 1980 || t.Year() > 2200 {
					continue
				}
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}
