// Package identity extracts who a mail claims to be from (From, Sender,
// Reply-To, Return-Path, Message-ID, DKIM d=) and compares those identities
// on organizational domains, the way DMARC alignment does.
package identity

import (
	"github.com/checkmail/checkmail/analysis/domain"
	"strings"
)

// Headers is satisfied by message.Header.
type Headers interface {
	Get(key string) string
	Values(key string) []string
}

// Identities are the sender identities of one mail. Addresses are
// lower-cased; DisplayName is decoded (RFC 2047) by the caller's decoder.
type Identities struct {
	From             string // lower-case
	FromLocal        string // the local part of From as written, case kept
	FromDomain       string
	FromCount        int // addresses in From (more than one is unusual)
	DisplayName      string
	Sender           string
	ReplyTo          string
	ReplyToDomain    string
	ReturnPath       string
	ReturnPathDomain string
	MessageIDDomain  string
	DKIMDomains      []string // d= of every DKIM-Signature, top first, deduplicated
	DKIMSelectors    []string // s= matching DKIMDomains
}

// Extract reads the identities. decode turns RFC 2047 encoded words into
// text (message.DecodeHeader); nil leaves them as they are.
func Extract(h Headers, decode func(string) string) Identities {
	if decode == nil {
		decode = func(s string) string { return s }
	}
	var id Identities
	fromAddrs := Addresses(h.Get("From"))
	id.FromCount = len(fromAddrs)
	if len(fromAddrs) > 0 {
		id.From = fromAddrs[0].Addr
		w := fromAddrs[0].Written
		id.FromLocal = w[:strings.LastIndexByte(w, '@')]
		id.DisplayName = strings.TrimSpace(decode(fromAddrs[0].Name))
	} else if raw := strings.TrimSpace(h.Get("From")); raw != "" {
		// No address at all: keep what was written as the display name.
		id.DisplayName = decode(raw)
	}
	id.FromDomain = Domain(id.From)
	if a := Addresses(h.Get("Sender")); len(a) > 0 {
		id.Sender = a[0].Addr
	}
	if a := Addresses(h.Get("Reply-To")); len(a) > 0 {
		id.ReplyTo = a[0].Addr
		id.ReplyToDomain = Domain(id.ReplyTo)
	}
	// The topmost Return-Path is the one the final MTA wrote.
	if a := Addresses(h.Get("Return-Path")); len(a) > 0 {
		id.ReturnPath = a[0].Addr
		id.ReturnPathDomain = Domain(id.ReturnPath)
	}
	if mid := h.Get("Message-ID"); mid != "" {
		id.MessageIDDomain = messageIDDomain(mid)
	}
	seen := map[string]bool{}
	for _, sig := range h.Values("DKIM-Signature") {
		tags := parseTags(sig)
		d := normalizeDomain(tags["d"])
		if d == "" || seen[d] {
			continue
		}
		seen[d] = true
		id.DKIMDomains = append(id.DKIMDomains, d)
		id.DKIMSelectors = append(id.DKIMSelectors, strings.ToLower(strings.TrimSpace(tags["s"])))
	}
	return id
}

// Address is one mailbox: display name (raw, maybe encoded) and address.
type Address struct {
	Name string
	Addr string // lower-case
	// Written is the address as the header wrote it, case kept: the case
	// of a local part is the sender's choice, and a program's shows.
	Written string
}

// Addresses parses an address-list leniently: it survives missing quotes,
// unbalanced brackets, bare addresses and comments. At most 50 are returned.
func Addresses(v string) []Address {
	var out []Address
	for _, item := range splitList(v) {
		if len(out) == 50 {
			break
		}
		if a, ok := parseOne(item); ok {
			out = append(out, a)
		}
	}
	return out
}

func parseOne(s string) (Address, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Address{}, false
	}
	// name <addr>: take the last bracketed part that looks like an address.
	if lt := strings.LastIndexByte(s, '<'); lt >= 0 {
		rest := s[lt+1:]
		gt := strings.IndexByte(rest, '>')
		if gt < 0 {
			gt = len(rest)
		}
		if addr := cleanAddr(rest[:gt]); addr != "" {
			name := strings.TrimSpace(s[:lt])
			name = strings.Trim(name, "\"' \t")
			name = strings.ReplaceAll(name, `\"`, `"`)
			return Address{Name: name, Addr: strings.ToLower(addr), Written: addr}, true
		}
	}
	// addr (comment) or a bare addr.
	name := ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		if j := strings.LastIndexByte(s, ')'); j > i {
			name = strings.TrimSpace(s[i+1 : j])
			s = s[:i] + s[j+1:]
		}
	}
	for _, f := range strings.Fields(s) {
		if addr := cleanAddr(f); addr != "" {
			return Address{Name: name, Addr: strings.ToLower(addr), Written: addr}, true
		}
	}
	return Address{}, false
}

// cleanAddr returns the address in s without brackets, quotes or a
// mailto: prefix, case kept, or "" when s holds none.
func cleanAddr(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "<>\"'; ,")
	// The first 7 bytes only (they match the 7 letters only as ASCII):
	// strings.ToLower makes 'i' of the two bytes of İ, and the cut must
	// be the prefix's length in s.
	if len(s) >= len("mailto:") && strings.EqualFold(s[:len("mailto:")], "mailto:") {
		s = s[len("mailto:"):]
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t<>") {
		return ""
	}
	return s
}

// splitList splits on commas outside quotes, brackets and comments.
func splitList(v string) []string {
	var out []string
	depth, start := 0, 0
	inQuote, inAngle := false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == '<':
			inAngle = true
		case c == '>':
			inAngle = false
		case c == ',' && depth == 0 && !inAngle:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// Domain returns the lower-case domain of an address ("" when none).
func Domain(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return normalizeDomain(addr[at+1:])
}

func normalizeDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	d = strings.Trim(d, "[]<>\"'.;")
	if d == "" || strings.ContainsAny(d, " \t/\\@") {
		return ""
	}
	return d
}

func messageIDDomain(mid string) string {
	mid = strings.TrimSpace(mid)
	if i := strings.IndexByte(mid, '<'); i >= 0 {
		mid = mid[i+1:]
		if j := strings.IndexByte(mid, '>'); j >= 0 {
			mid = mid[:j]
		}
	}
	return Domain(mid)
}

// parseTags parses a DKIM tag list (d=example.com; s=sel; ...).
func parseTags(v string) map[string]string {
	tags := map[string]string{}
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if _, dup := tags[k]; !dup && len(tags) < 32 {
			tags[k] = strings.Join(strings.Fields(val), "")
		}
	}
	return tags
}

// Mismatch codes.
const (
	MismatchReplyTo     = "reply_to"
	MismatchReturnPath  = "return_path"
	MismatchSender      = "sender"
	MismatchMessageID   = "message_id"
	MismatchDisplayAddr = "display_name_address"
)

// Mismatches lists the identities whose organizational domain differs from
// From's. A display name that spells out another address or domain
// ("service@paypal.com" <x@evil.example>) is the one that matters most.
func (id Identities) Mismatches() []string {
	if id.FromDomain == "" {
		return nil
	}
	var out []string
	if id.ReplyToDomain != "" && !domain.Aligned(id.ReplyToDomain, id.FromDomain) {
		out = append(out, MismatchReplyTo)
	}
	if id.ReturnPathDomain != "" && !domain.Aligned(id.ReturnPathDomain, id.FromDomain) {
		out = append(out, MismatchReturnPath)
	}
	if d := Domain(id.Sender); d != "" && !domain.Aligned(d, id.FromDomain) {
		out = append(out, MismatchSender)
	}
	if id.MessageIDDomain != "" && !domain.Aligned(id.MessageIDDomain, id.FromDomain) {
		out = append(out, MismatchMessageID)
	}
	if d := DisplayNameDomain(id.DisplayName); d != "" && !domain.Aligned(d, id.FromDomain) {
		out = append(out, MismatchDisplayAddr)
	}
	return out
}

// DisplayNameDomain returns the domain of an address written in a display
// name ("PayPal <service@paypal.com>" <x@evil.example>), or "". A bare site
// name ("CNET News.com") is a brand, not an address, and is left to the
// brand rules.
func DisplayNameDomain(name string) string {
	for _, f := range strings.FieldsFunc(name, func(r rune) bool {
		return r == ' ' || r == '<' || r == '>' || r == '"' || r == '(' || r == ')' || r == '[' || r == ']' || r == ',' || r == ';' || r == '\''
	}) {
		if a := cleanAddr(f); a != "" {
			if d := Domain(a); strings.Contains(d, ".") && isASCIIHost(d) {
				return d
			}
		}
	}
	return ""
}

func isASCIIHost(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// NullSenderName is the name shown with an empty From address
// ("MAILER-DAEMON <>" → MAILER-DAEMON), without quotes.
func NullSenderName(displayName string) string {
	name := strings.TrimSpace(displayName)
	name = strings.TrimSpace(strings.TrimSuffix(name, "<>"))
	return strings.TrimSpace(strings.Trim(name, `"'`))
}
