package links

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/internal/ascii"
)

// maxHostLen bounds the host we are willing to process (DNS allows 253).
const maxHostLen = 1024

// idnaProfile maps and converts IDN hosts the way a browser's address bar
// does (UTS #46 mapping, non-transitional), without the strict STD3 and
// hyphen checks that reject real-world hosts such as "r3---sn-x.example".
var idnaProfile = idna.New(idna.MapForLookup(), idna.Transitional(false),
	idna.StrictDomainName(false), idna.CheckHyphens(false), idna.CheckJoiners(true), idna.BidiRule())

// Host returns the lower-case host of rawURL, as a browser would connect to
// it: userinfo and port removed, percent-escapes decoded, IDN converted to
// punycode ASCII, a trailing dot dropped. IPv4 addresses in any browser
// notation (decimal 3232235777, hex 0xC0A80101, octal, short forms) come
// back in dotted-quad form and IPv6 literals without brackets. rawURL may
// carry a scheme ("https://h/"), be scheme-relative ("//h/") or be a bare
// host such as "www.example.com/path". It returns "" when there is no
// usable host (mailto:, javascript:, data:, malformed input).
func Host(rawURL string) string {
	auth, ok := authority(rawURL)
	if !ok {
		return ""
	}
	return normalizeHost(auth)
}

// authority returns the authority part (userinfo@host:port) of a URL.
func authority(raw string) (string, bool) {
	s := cleanURL(raw)
	if s == "" {
		return "", false
	}
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, `\\`) {
		s = strings.TrimLeft(s, `/\`)
	} else if scheme, rest, ok := splitScheme(s); ok {
		switch strings.ToLower(scheme) {
		case "http", "https", "ftp", "ws", "wss", "file":
			// Browsers accept any run of slashes and backslashes here,
			// including none at all ("https:evil.example").
			s = strings.TrimLeft(rest, `/\`)
		default:
			if !strings.HasPrefix(rest, "//") {
				return "", false // opaque: mailto:, javascript:, data:, tel:
			}
			s = rest[2:]
		}
	}
	end := strings.IndexAny(s, `/?#\`)
	if end >= 0 {
		s = s[:end]
	}
	return s, s != ""
}

// splitScheme splits "scheme:rest". A scheme is a letter followed by
// letters, digits, '+', '-' or '.'; a candidate containing a dot followed by
// digits only (a host:port such as "example.com:8080") is not a scheme.
func splitScheme(s string) (scheme, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > 32 {
		return "", s, false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		switch {
		case isAlpha(c):
		case j > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.'):
		default:
			return "", s, false
		}
	}
	if strings.Contains(s[:i], ".") {
		return "", s, false // "www.example.com:8080/x"
	}
	if strings.EqualFold(s[:i], "localhost") {
		return "", s, false
	}
	return s[:i], s[i+1:], true
}

// cleanURL removes what browsers ignore: leading/trailing C0 controls and
// spaces, and tabs/newlines anywhere.
func cleanURL(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if hasBreakOrTab(s) {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// hasBreakOrTab is strings.ContainsAny(s, "\t\r\n") without building
// the set for every URL.
func hasBreakOrTab(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\t' || c == '\r' || c == '\n' {
			return true
		}
	}
	return false
}

// normalizeHost turns an authority into a host (see Host).
func normalizeHost(auth string) string {
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	if strings.HasPrefix(auth, "[") {
		end := strings.IndexByte(auth, ']')
		if end < 0 {
			return ""
		}
		a, err := netip.ParseAddr(auth[1:end])
		if err != nil || !a.Is6() {
			return ""
		}
		return a.WithZone("").String()
	}
	if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		auth = auth[:i]
	}
	if auth == "" || len(auth) > maxHostLen {
		return ""
	}
	if strings.Contains(auth, "%") {
		auth = percentDecode(auth)
	}
	var host string
	if ascii.Is(auth) {
		host = strings.ToLower(auth)
	} else {
		if !utf8.ValidString(auth) {
			return ""
		}
		a, err := idnaProfile.ToASCII(auth)
		if err != nil || a == "" || !ascii.Is(a) {
			return ""
		}
		host = strings.ToLower(a)
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" || strings.ContainsAny(host, " <>\"`^{|}%@[]\\/?#:*") {
		return ""
	}
	if endsInNumber(host) {
		a, ok := parseIPv4(host)
		if !ok {
			return ""
		}
		return a.String()
	}
	return host
}

// percentDecode decodes %XX escapes and leaves malformed ones alone.
func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// endsInNumber implements the WHATWG URL "ends in a number" check: a host
// whose last label is numeric is parsed as IPv4 (or rejected).
func endsInNumber(host string) bool {
	parts := strings.Split(host, ".")
	last := parts[len(parts)-1]
	if last == "" {
		if len(parts) == 1 {
			return false
		}
		last = parts[len(parts)-2]
	}
	if last != "" && allDigits(last) {
		return true
	}
	if len(last) >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') {
		for i := 2; i < len(last); i++ {
			if !isHex(last[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// parseIPv4 parses a host the way browsers do: one to four parts, each
// decimal, octal (leading 0) or hex (0x); the last part fills the
// remaining bytes.
func parseIPv4(host string) (netip.Addr, bool) {
	parts := strings.Split(host, ".")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" {
			return netip.Addr{}, false
		}
		base := 10
		switch {
		case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
			p, base = p[2:], 16
			if p == "" {
				p = "0"
			}
		case len(p) > 1 && p[0] == '0':
			p, base = p[1:], 8
		}
		if len(p) > 32 {
			return netip.Addr{}, false
		}
		n, err := strconv.ParseUint(p, base, 64)
		if err != nil {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, false
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, false
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		v += n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// isIP reports whether host (as returned by Host) is an IP address.
func isIP(host string) bool {
	_, err := domain.ParseAddr(strings.Trim(host, "[]"))
	return err == nil
}

// isPunycode reports whether any label of host is an A-label ("xn--").
func isPunycode(host string) bool {
	return strings.HasPrefix(host, "xn--") || strings.Contains(host, ".xn--")
}

// unicodeHost decodes the A-labels of host for display; "" on error.
func unicodeHost(host string) string {
	u, err := idna.Punycode.ToUnicode(host)
	if err != nil || u == host {
		return ""
	}
	return u
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
