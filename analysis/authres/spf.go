package authres

import (
	"net/netip"
	"strings"

	"github.com/checkmail/checkmail/internal/ascii"
)

// ReceivedSPF is one parsed Received-SPF header (RFC 7208 section 9.1).
type ReceivedSPF struct {
	Result       string // lower-case: pass|fail|softfail|neutral|none|temperror|permerror
	ClientIP     string // client-ip= as written ("" when absent)
	EnvelopeFrom string
	Helo         string
	Receiver     string
	Identity     string
	Mechanism    string
	Problem      string
	Comment      string // the (comment) text(s), joined by "; "
}

// ParseReceivedSPF parses a Received-SPF value (the field name may be
// included). It never fails.
func ParseReceivedSPF(value string) ReceivedSPF {
	if len(value) > MaxValueLen {
		value = value[:MaxValueLen]
	}
	s := strings.TrimSpace(value)
	const name = "received-spf:"
	if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
		s = strings.TrimSpace(s[len(name):])
	}
	s = decodeWords(s)
	var r ReceivedSPF
	// The result is the first word.
	end := 0
	for end < len(s) && !strings.ContainsRune(" \t\r\n(;", rune(s[end])) {
		end++
	}
	r.Result = normalizeValue(s[:end])
	if strings.Contains(r.Result, "=") { // no result word, straight to pairs
		r.Result, end = "", 0
	}
	var comments []string
	for _, seg := range splitTop(s[end:]) {
		pairs, orphans := scanPairs(seg, maxPairs)
		comments = append(comments, orphans...)
		for _, p := range pairs {
			comments = append(comments, p.comments...)
			if !p.hasValue {
				continue
			}
			v := strings.TrimSpace(p.value)
			switch strings.ToLower(p.key) {
			case "client-ip":
				r.ClientIP = setOnce(r.ClientIP, v)
			case "envelope-from":
				r.EnvelopeFrom = setOnce(r.EnvelopeFrom, v)
			case "helo":
				r.Helo = setOnce(r.Helo, v)
			case "receiver":
				r.Receiver = setOnce(r.Receiver, v)
			case "identity":
				r.Identity = setOnce(r.Identity, v)
			case "mechanism":
				r.Mechanism = setOnce(r.Mechanism, v)
			case "problem":
				r.Problem = setOnce(r.Problem, v)
			}
		}
	}
	var c Result
	addComment(&c, comments)
	r.Comment = c.Comment
	return r
}

func setOnce(old, v string) string {
	if old != "" {
		return old
	}
	return v
}

// IP returns the client address: client-ip=, or else the address named in
// the comment ("designates X as permitted sender" and similar).
func (r ReceivedSPF) IP() (netip.Addr, bool) {
	if a, err := netip.ParseAddr(strings.Trim(r.ClientIP, "[]")); err == nil {
		return a.Unmap().WithZone(""), true
	}
	return IPFromComment(r.Comment)
}

// ipMarkers introduce the connecting IP in the comments providers write:
// Exchange "sender IP is X", Gmail/Microsoft "designates X as permitted
// sender", "does not designate X as permitted sender", "discourages use of
// X as permitted sender", pyspf/libspf2 "X is authorized to use" and
// "client-ip=X".
var ipMarkers = []string{"sender ip is ", "does not designate ", "designates ", "use of ", "client-ip="}

// IPFromComment finds the connecting IP named in an Authentication-Results
// or Received-SPF comment. It returns false when the comment names none.
func IPFromComment(c string) (netip.Addr, bool) {
	if len(c) > MaxValueLen {
		c = c[:MaxValueLen]
	}
	lc := ascii.Lower(c) // same length as c: offsets carry over
	for _, m := range ipMarkers {
		off := 0
		for n := 0; n < 4; n++ {
			i := strings.Index(lc[off:], m)
			if i < 0 {
				break
			}
			w := firstField(c[off+i+len(m):])
			if a, err := netip.ParseAddr(strings.Trim(w, "[]()<>,;")); err == nil {
				return a.Unmap().WithZone(""), true
			}
			off += i + len(m)
		}
	}
	// "192.0.2.1 is authorized to use …" (pyspf), "192.0.2.1 is neither
	// permitted nor denied" (Gmail best guess): an address followed by "is".
	fs := strings.Fields(c)
	for i, f := range fs {
		if a, err := netip.ParseAddr(strings.Trim(f, "[](),;")); err == nil {
			if i+1 < len(fs) && strings.EqualFold(fs[i+1], "is") {
				return a.Unmap().WithZone(""), true
			}
			break
		}
	}
	return netip.Addr{}, false
}

func firstField(s string) string {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}
