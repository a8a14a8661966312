// Package domain is the one place that says what a mail domain is: its
// normal form, its organizational (registrable) domain and DMARC-style
// relaxed alignment. Every package that compares domains uses it.
package domain

import (
	"errors"
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/checkmail/checkmail/internal/ascii"
)

// MaxLen is the longest name DNS allows.
const MaxLen = 253

var lookup = idna.Lookup

// Normalize returns host lower-cased, without surrounding spaces, brackets
// or a trailing dot, with internationalized labels as A-labels (xn--). It
// returns "" for an empty, over-long or invalid name. IP literals are
// returned in their canonical form.
func Normalize(host string) string {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1] // an address literal
	}
	if h == "" || len(h) > MaxLen*4 {
		return ""
	}
	if a, err := ParseAddr(h); err == nil {
		return a.WithZone("").String() // a zone (fe80::1%eth0) names a local interface, never a mail host
	}
	if !ascii.Is(h) {
		if !utf8.ValidString(h) {
			return ""
		}
		a, err := lookup.ToASCII(h)
		if err != nil {
			return ""
		}
		h = a
	}
	if len(h) > MaxLen || strings.Contains(h, "..") || strings.HasPrefix(h, ".") {
		return ""
	}
	if strings.IndexFunc(h, func(r rune) bool { return !hostChar(r) }) >= 0 {
		return "" // spaces, controls, brackets, %, :, …: not a host name
	}
	return h
}

// Valid reports whether host is a syntactically valid DNS name of at least
// two labels (letters, digits and hyphens, A-labels for IDNs).
func Valid(host string) bool {
	h := Normalize(host)
	if h == "" || IsIP(h) || !strings.Contains(h, ".") {
		return false
	}
	for _, l := range strings.Split(h, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// IsIP reports whether host is an IP literal (with or without brackets).
func IsIP(host string) bool {
	_, err := ParseAddr(strings.Trim(strings.TrimSpace(host), "[]"))
	return err == nil
}

// errNotIP is ParseAddr's error for a name that cannot be an address.
var errNotIP = errors.New("not an IP address")

// ParseAddr is netip.ParseAddr without its work (and the error it
// allocates) for the common case, a host name: with no ':' an address is
// IPv4, digits and dots only.
func ParseAddr(s string) (netip.Addr, error) {
	if strings.IndexByte(s, ':') < 0 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c != '.' && (c < '0' || c > '9') {
				return netip.Addr{}, errNotIP
			}
		}
	}
	return netip.ParseAddr(s)
}

// Org returns the organizational domain of host (public suffix plus one
// label): "mail.rakuten.co.jp" → "rakuten.co.jp". IP literals are returned
// as they are. It returns "" for an empty or invalid host and for a name
// that is itself a public suffix ("co.jp", "localhost").
func Org(host string) string {
	h := Normalize(host)
	if h == "" {
		return ""
	}
	if IsIP(h) {
		return h
	}
	org, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return ""
	}
	return org
}

// Registrable reports whether host could be a domain on the Internet: a
// valid name with an organizational domain under a top-level domain ICANN
// delegates. "example.invalid", "correios", "pot" and "mailhub0" are not;
// mail claiming to come from them was not sent from any real domain.
func Registrable(host string) bool {
	if !Valid(host) {
		return false
	}
	h := Normalize(host)
	if suffix, icann := publicsuffix.PublicSuffix(h); icann && suffix == h {
		return false // co.jp, com.br: a suffix, not a domain
	}
	// The top-level domain alone decides: a name under a private suffix
	// (x.firebaseapp.com) or that is one (iki.fi, sakura.ne.jp) is a real
	// domain under a delegated top-level domain.
	_, icann := publicsuffix.PublicSuffix(TLD(h))
	return icann
}

// Aligned reports relaxed alignment: both names share an organizational
// domain. Empty names are never aligned.
func Aligned(a, b string) bool {
	oa := Org(a)
	return oa != "" && oa == Org(b)
}

// Label returns the label just left of the public suffix: "paypal" for
// www.paypal.com, "japanpost" for jp-bank.japanpost.jp; "" when host has
// no organizational domain.
func Label(host string) string {
	org := Org(host)
	if org == "" || IsIP(org) {
		return ""
	}
	l, _, _ := strings.Cut(org, ".")
	return l
}

// TLD returns the last label of host ("jp" for rakuten.co.jp).
func TLD(host string) string {
	h := Normalize(host)
	if h == "" || IsIP(h) {
		return ""
	}
	return h[strings.LastIndexByte(h, '.')+1:]
}

// Under reports whether host is d or a subdomain of d.
func Under(host, d string) bool {
	host, d = Normalize(host), Normalize(d)
	return d != "" && (host == d || strings.HasSuffix(host, "."+d))
}

// hostChar: a character a host name may hold after IDNA (letters, digits,
// hyphens, dots, and the underscores of service names such as _dmarc).
func hostChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_'
}
