package links

import (
	"regexp"
	"strings"

	"github.com/checkmail/checkmail/internal/ascii"
)

// Defang makes a URL safe to show: the scheme becomes hxxp/hxxps (fxp for
// ftp) and every dot in the host (userinfo included) becomes [.], so neither
// Slack nor a terminal turns it into something clickable. URLs nested in
// the path or query ("?u=https://evil.example/") are defanged too, as are
// mailto: addresses. IPv6 literals keep their brackets. Defang is
// idempotent: already-defanged input comes back unchanged.
func Defang(url string) string {
	rest := url
	scheme := ""
	if i := strings.Index(rest, "://"); i > 0 && i < 16 && !strings.ContainsAny(rest[:i], "/?#.") {
		scheme, rest = rest[:i], rest[i+3:]
	} else if s, r, ok := splitScheme(rest); ok {
		// Opaque URLs: mailto:, javascript:, data:, tel: … Script and data
		// may name hosts anywhere: every dot is defanged.
		if strings.EqualFold(s, "mailto") {
			return s + ":" + defangNested(r, true)
		}
		return s + ":" + defangAllSchemes(DefangDomain(defangNested(r, false)))
	}
	hostEnd := strings.IndexAny(rest, `/?#\`)
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	out := defangAllSchemes(DefangDomain(rest[:hostEnd]) + defangNested(rest[hostEnd:], false))
	switch strings.ToLower(scheme) {
	case "":
		return out
	case "http", "hxxp":
		return "hxxp://" + out
	case "https", "hxxps":
		return "hxxps://" + out
	case "ftp", "fxp":
		return "fxp://" + out
	default:
		return strings.ReplaceAll(strings.ToLower(scheme), "t", "x") + "://" + out
	}
}

// DefangDomain replaces every dot of a domain or IP address with [.].
// Input that is already (even partly) defanged is normalized, never
// double-bracketed.
func DefangDomain(d string) string {
	if !strings.Contains(d, ".") {
		return d
	}
	d = strings.ReplaceAll(d, "[.]", ".")
	return strings.ReplaceAll(d, ".", "[.]")
}

// defangNested defangs URLs and host names embedded in s (the path and
// query of a URL): schemes followed by "://", the hosts after them and
// "www." names. With mail set, s is an address list (mailto:) and every
// dot after an '@' is defanged.
func defangNested(s string, mail bool) string {
	if mail {
		var b strings.Builder
		for i, part := range strings.Split(s, "@") {
			if i > 0 {
				b.WriteByte('@')
				end := strings.IndexAny(part, "?&,;>")
				if end < 0 {
					end = len(part)
				}
				part = DefangDomain(part[:end]) + part[end:]
			}
			b.WriteString(part)
		}
		s = b.String()
	}
	if !strings.Contains(s, "://") && !containsWWW(s) {
		return s
	}
	out := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "://"):
			// Rewrite the scheme already copied to out: any run of letters
			// ending in http, https or ftp ("xhttps://" too).
			j := len(out)
			for j > 0 && isAlpha(out[j-1]) && len(out)-j < 5 {
				j--
			}
			defangSchemeSuffix(out[j:])
			out = append(out, "://"...)
			out, i = appendHost(out, s, i+3)
		case (s[i]|0x20) == 'w' && len(s)-i > 4 && strings.EqualFold(s[i:i+4], "www.") &&
			(i == 0 || !(isAlpha(s[i-1]) || isDigit(s[i-1]))):
			out, i = appendHost(out, s, i)
		default:
			out = append(out, s[i])
			i++
		}
	}
	return string(out)
}

// appendHost appends the host starting at s[i] to out, defanged, and
// returns the index after it.
func appendHost(out []byte, s string, i int) ([]byte, int) {
	end := i
	for end < len(s) && strings.IndexByte("/?#\\&=;,\"' <>()", s[end]) < 0 {
		end++
	}
	return append(out, DefangDomain(s[i:end])...), end
}

// containsWWW reports whether s holds "www." in any case, as
// strings.Contains(strings.ToLower(s), "www.") would (only 'W' lowers to
// 'w'), without the lower-cased copy of a long URL.
func containsWWW[T string | []byte](s T) bool {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'w' && s[i+1]|0x20 == 'w' && s[i+2]|0x20 == 'w' && s[i+3] == '.' {
			return true
		}
	}
	return false
}

// defangSchemeSuffix rewrites, in place, a trailing "http", "https" or
// "ftp" (any case) of the letters in b to "hxxp", "hxxps" or "fxp".
func defangSchemeSuffix(b []byte) {
	for j := range b {
		switch strings.ToLower(string(b[j:])) {
		case "http", "https":
			b[j], b[j+1], b[j+2] = 'h', 'x', 'x'
			return
		case "ftp":
			b[j], b[j+1], b[j+2] = 'f', 'x', 'p'
			return
		}
	}
}

// defangAllSchemes is a last pass: any "http://", "https://" or "ftp://"
// left (one straddling the host and the path, "a.comhttp://b") is
// rewritten.
func defangAllSchemes(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	b := []byte(s)
	for i := 0; i+3 <= len(b); i++ {
		if b[i] == ':' && b[i+1] == '/' && b[i+2] == '/' {
			j := i
			for j > 0 && isAlpha(b[j-1]) && i-j < 5 {
				j--
			}
			defangSchemeSuffix(b[j:i])
		}
	}
	return string(b)
}

// textRe finds URLs, host names and IPv4 addresses in free text.
var textRe = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.\-]{1,15}://[^\s<>"'\x60|]+` +
	`|\b(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:xn--[a-z0-9\-]{1,59}|[a-z]{2,63})\b` +
	`|\b\d{1,3}(?:\.\d{1,3}){3}\b`)

// DefangText defangs every URL, host name and IPv4 address in free text
// (subjects, display names, link text, reasons): "see paypal.com" becomes
// "see paypal[.]com", "https://x.example/a" becomes "hxxps://x[.]example/a".
func DefangText(s string) string {
	if !strings.Contains(s, ".") && !strings.Contains(s, "://") {
		return s
	}
	return textRe.ReplaceAllStringFunc(s, func(m string) string {
		if strings.Contains(m, "://") {
			return Defang(m)
		}
		return DefangDomain(m)
	})
}

// Refang undoes Defang closely enough to classify a URL by its host and
// path (infra.ClassifyURL). The result is for parsing only: checkmail never
// opens a URL from a mail.
func Refang(u string) string {
	u = strings.ReplaceAll(u, "[.]", ".")
	for _, p := range [][2]string{{"hxxps://", "https://"}, {"hxxp://", "http://"}, {"fxp://", "ftp://"}} {
		if ascii.HasPrefixFold(u, p[0]) {
			return p[1] + u[len(p[0]):]
		}
	}
	return u
}
