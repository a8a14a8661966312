// Package authres parses Authentication-Results (RFC 8601),
// ARC-Authentication-Results (RFC 8617) and Received-SPF (RFC 7208 9.1)
// header values leniently, and summarizes the results recorded by the
// recipient's own provider.
//
// Real headers break the RFCs in many ways: Microsoft omits the
// authserv-id, comments contain ';' and nested parentheses, Yahoo ends with
// ';', Gmail gives DKIM only as header.i=@domain, values are quoted or
// upper-case, spaces are missing. The parser never fails and never panics:
// it returns what it could read. Inputs are bounded (MaxValueLen bytes,
// MaxResults results per header).
package authres

import (
	"mime"
	"strconv"
	"strings"

	"github.com/checkmail/checkmail/internal/mailsyntax"
)

// Bounds on hostile input.
const (
	MaxValueLen = 16 << 10 // bytes of one header value read
	MaxResults  = 64       // results kept per header
	maxPairs    = 256      // key=value pairs read per header
	maxComment  = 1024     // bytes of comment text kept per result
)

// Result is one method's result, e.g. "dkim=pass header.d=example.com".
type Result struct {
	Method string            // spf|dkim|dmarc|arc|compauth|bimi|… lower-case
	Value  string            // pass|fail|softfail|neutral|none|temperror|permerror|policy|bestguesspass|… lower-case
	Reason string            // reason= text, unquoted
	Props  map[string]string // "smtp.mailfrom", "header.d", "header.i", "action", "p", … lower-case keys; values as written (unquoted)
	// Comment is the text of the (comments) attached to this result, joined
	// by "; ", e.g. "sender IP is 1.2.3.4".
	Comment string
}

// Header is one parsed Authentication-Results or ARC-Authentication-Results.
type Header struct {
	AuthservID string // lower-case; "" when omitted (Microsoft)
	Version    int    // the optional version after the authserv-id (0 when absent)
	Instance   int    // ARC i= (0 for a plain Authentication-Results)
	Results    []Result
	Raw        string
}

// Find returns the first result of the method (lower-case), if any.
func (h Header) Find(method string) (Result, bool) {
	for _, r := range h.Results {
		if r.Method == method {
			return r, true
		}
	}
	return Result{}, false
}

// pair is one key=value (or a bare word when hasValue is false) with the
// comments seen since the previous pair.
type pair struct {
	key, value string
	hasValue   bool
	comments   []string
}

// splitTop splits s at top-level ';' (outside comments and quotes).
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && (inQuote || depth > 0):
			i++
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case c == '"' && depth == 0:
			inQuote = true
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c == ';' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// scanPairs reads key=value pairs, bare words and comments from one segment.
// Spaces and comments may surround '='; values may be quoted; a comment
// directly after a value belongs to that value's pair.
func scanPairs(seg string, limit int) (pairs []pair, orphans []string) {
	var out []pair
	var pending []string
	i := 0
	skip := func() {
		for i < len(seg) {
			switch seg[i] {
			case ' ', '\t', '\r', '\n':
				i++
			case '(':
				end, inner := commentEnd(seg, i)
				pending = append(pending, cleanComment(inner))
				i = end
			default:
				return
			}
		}
	}
	for len(out) < limit {
		skip()
		if i >= len(seg) {
			break
		}
		if seg[i] == '"' {
			v, n := readQuoted(seg[i:])
			i += n
			out = append(out, pair{key: v, comments: pending})
			pending = nil
			continue
		}
		if seg[i] == '=' || seg[i] == ')' {
			i++
			continue
		}
		before := pending
		pending = nil
		start := i
		for i < len(seg) && !strings.ContainsRune(" \t\r\n=();\"", rune(seg[i])) {
			i++
		}
		key := seg[start:i]
		if key == "" { // a stray ';' or similar: step over it
			i++
			pending = before
			continue
		}
		skip()
		if i < len(seg) && seg[i] == '=' {
			i++
			skip()
			var val string
			if i < len(seg) && seg[i] == '"' {
				v, n := readQuoted(seg[i:])
				val, i = v, i+n
			} else {
				vs := i
				for i < len(seg) && !strings.ContainsRune(" \t\r\n();", rune(seg[i])) {
					i++
				}
				val = seg[vs:i]
			}
			p := pair{key: key, value: val, hasValue: true, comments: append(before, pending...)}
			pending = nil
			// Comments right after the value belong to this pair.
			j := i
			for j < len(seg) && (seg[j] == ' ' || seg[j] == '\t') {
				j++
			}
			for j < len(seg) && seg[j] == '(' {
				end, inner := commentEnd(seg, j)
				p.comments = append(p.comments, cleanComment(inner))
				j = end
				for j < len(seg) && (seg[j] == ' ' || seg[j] == '\t') {
					j++
				}
				i = j
			}
			out = append(out, p)
			continue
		}
		// A bare word; comments after it wait for the next pair.
		out = append(out, pair{key: key, comments: before})
	}
	if len(pending) > 0 && len(out) > 0 {
		out[len(out)-1].comments = append(out[len(out)-1].comments, pending...)
		pending = nil
	}
	return out, pending
}

// commentEnd returns the index after the comment starting at s[start]=='('
// and the comment's text without the outer parentheses. An unterminated
// comment runs to the end of s.
func commentEnd(s string, start int) (int, string) {
	end, closed := mailsyntax.CommentEnd(s, start)
	if closed {
		return end, s[start+1 : end-1]
	}
	return end, s[start+1:]
}

func cleanComment(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// readQuoted reads a quoted string at s[0]=='"', returning the unescaped
// content and the bytes consumed. An unterminated quote runs to the end.
func readQuoted(s string) (string, int) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), i + 1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), len(s)
}

// knownMethods are registered authentication methods (IANA "Email
// Authentication Methods") plus vendor ones seen in the wild. Inside a
// segment, "known=value" starts a new result (for headers missing ';').
var knownMethods = map[string]bool{
	"spf": true, "dkim": true, "dmarc": true, "arc": true, "compauth": true, "bimi": true,
	"iprev": true, "auth": true, "sender-id": true, "domainkeys": true, "dkim-atps": true,
	"dkim-adsp": true, "smime": true, "rrvs": true, "vbr": true, "dnswl": true, "dkim-sp": true,
}

func isMethodKey(k string) bool {
	return knownMethods[k] || strings.HasPrefix(k, "x-")
}

// validMethod accepts method names made of letters, digits, '-', '_' and
// a "/version" suffix.
func validMethod(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '/' || c == '.') {
			return false
		}
	}
	return true
}

func normalizeValue(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	return strings.TrimRight(v, ",.")
}

func methodName(k string) string {
	k = strings.ToLower(k)
	if i := strings.IndexByte(k, '/'); i > 0 { // method/version
		k = k[:i]
	}
	return k
}

// Parse parses an Authentication-Results or ARC-Authentication-Results
// value (the field name may be included). It never fails.
func Parse(value string) Header {
	if len(value) > MaxValueLen {
		value = value[:MaxValueLen]
	}
	h := Header{Raw: value}
	s := strings.TrimSpace(value)
	for _, name := range []string{"arc-authentication-results:", "authentication-results:"} {
		if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
			s = strings.TrimSpace(s[len(name):])
			break
		}
	}
	s = decodeWords(s)
	segs := splitTop(s)
	idDone := false
	budget := maxPairs
	for si, seg := range segs {
		pairs, _ := scanPairs(seg, budget)
		budget -= len(pairs)
		if len(pairs) == 0 {
			continue
		}
		if !idDone {
			// Header prefix: [i=N;] authserv-id [version] — unless it is
			// already a result (Microsoft writes no authserv-id).
			rest := pairs
			if p := rest[0]; p.hasValue && strings.EqualFold(p.key, "i") {
				if n, err := strconv.Atoi(strings.TrimSpace(p.value)); err == nil && n >= 0 && n < 1<<20 {
					h.Instance = n
				}
				rest = rest[1:]
				if len(rest) == 0 {
					continue // "i=1; mx.google.com; …": id in the next segment
				}
			}
			if p := rest[0]; !p.hasValue {
				h.AuthservID = strings.ToLower(strings.TrimSuffix(p.key, "."))
				rest = rest[1:]
				if len(rest) > 0 && !rest[0].hasValue {
					if v, err := strconv.Atoi(rest[0].key); err == nil && v >= 0 && v < 1<<20 {
						h.Version = v
						rest = rest[1:]
					}
				}
				idDone = true
				if si == 0 && len(rest) == 0 {
					continue
				}
			}
			idDone = true
			pairs = rest
		}
		h.Results = appendResults(h.Results, pairs)
		if len(h.Results) >= MaxResults {
			h.Results = h.Results[:MaxResults]
			break
		}
	}
	return h
}

// appendResults turns the pairs of one segment into results.
func appendResults(out []Result, pairs []pair) []Result {
	var cur *Result
	var lead []string // comments before the first result of the segment
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, p := range pairs {
		key := strings.ToLower(p.key)
		if !p.hasValue {
			// "none" as the whole result set, stray words: ignore, but
			// keep their comments.
			if cur != nil {
				addComment(cur, p.comments)
			} else {
				lead = append(lead, p.comments...)
			}
			continue
		}
		if cur == nil && !validMethod(key) {
			lead = append(lead, p.comments...)
			continue // not a method=result: nothing to attach it to
		}
		startsNew := cur == nil && !strings.Contains(key, ".") && key != "reason"
		if cur != nil && isMethodKey(methodName(key)) && !strings.Contains(key, ".") {
			startsNew = true
		}
		if startsNew {
			flush()
			cur = &Result{Method: methodName(key), Value: normalizeValue(p.value)}
			addComment(cur, lead)
			lead = nil
			addComment(cur, p.comments)
			continue
		}
		if cur == nil {
			lead = append(lead, p.comments...)
			continue // a property with no method: nothing to attach it to
		}
		addComment(cur, p.comments)
		if key == "reason" {
			if cur.Reason == "" {
				cur.Reason = p.value
			}
			continue
		}
		if cur.Props == nil {
			cur.Props = map[string]string{}
		}
		if _, dup := cur.Props[key]; !dup && len(cur.Props) < 32 {
			cur.Props[key] = p.value
		}
	}
	flush()
	return out
}

func addComment(r *Result, cs []string) {
	for _, c := range cs {
		if c == "" || len(r.Comment) >= maxComment {
			continue
		}
		if r.Comment != "" {
			r.Comment += "; "
		}
		r.Comment += c
		if len(r.Comment) > maxComment {
			r.Comment = r.Comment[:maxComment]
		}
	}
}

// decodeWords decodes a value that Exchange wrote as RFC 2047 encoded-words
// (seen on id-less Authentication-Results). Values that are not encoded, or
// fail to decode, are returned unchanged.
func decodeWords(s string) string {
	if !strings.HasPrefix(s, "=?") {
		return s
	}
	var d mime.WordDecoder
	out, err := d.DecodeHeader(s)
	if err != nil || len(out) > MaxValueLen {
		return s
	}
	return out
}
