// Package message reads one input — a full .eml, headers pasted as text (also
// through Slack), or a forward that carries the original as an attachment —
// into a normalized Message: ordered header fields, bodies decoded to UTF-8,
// attachments decoded from their transfer encoding, and plain-English notes
// about what had to be repaired on the way.
//
// Parsing is tolerant (broken MIME still yields headers and whatever body
// could be read) and bounded: every size and count is checked against
// Limits, and exceeding one returns a *LimitError instead of allocating
// without bound.
package message

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits bounds the work done on one input. A zero field takes its default.
type Limits struct {
	MaxBytes     int // whole input; default 25 MiB
	MaxDepth     int // MIME nesting; default 10
	MaxParts     int // total MIME parts; default 500
	MaxHeaders   int // header fields in one header block; default 1000
	MaxPartBytes int // one decoded part; default = MaxBytes
}

// DefaultLimits returns the limits used for a zero Limits.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:     25 << 20,
		MaxDepth:     10,
		MaxParts:     500,
		MaxHeaders:   1000,
		MaxPartBytes: 25 << 20,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxParts <= 0 {
		l.MaxParts = d.MaxParts
	}
	if l.MaxHeaders <= 0 {
		l.MaxHeaders = d.MaxHeaders
	}
	if l.MaxPartBytes <= 0 {
		l.MaxPartBytes = l.MaxBytes
	}
	return l
}

// Values of LimitError.What.
const (
	LimitInput   = "input"   // bytes of the whole input
	LimitPart    = "part"    // decoded bytes of one MIME part
	LimitDepth   = "depth"   // MIME nesting levels
	LimitParts   = "parts"   // MIME parts in the whole input
	LimitHeaders = "headers" // header fields in one header block
)

// LimitError is returned when input exceeds a bound, e.g.
// "input is 30 MB, over the 25 MB limit".
type LimitError struct {
	What       string // one of the Limit* constants
	Limit, Got int    // for counts, Got is the count when parsing stopped
}

func (e *LimitError) Error() string {
	switch e.What {
	case LimitInput:
		return fmt.Sprintf("input is %s, over the %s limit", humanBytes(e.Got), humanBytes(e.Limit))
	case LimitPart:
		return fmt.Sprintf("a decoded MIME part is %s, over the %s limit", humanBytes(e.Got), humanBytes(e.Limit))
	case LimitDepth:
		return fmt.Sprintf("MIME parts are nested %d levels deep, over the limit of %d", e.Got, e.Limit)
	case LimitParts:
		return fmt.Sprintf("message has more than %d MIME parts (the limit)", e.Limit)
	case LimitHeaders:
		return fmt.Sprintf("a header block has more than %d fields (the limit)", e.Limit)
	}
	return fmt.Sprintf("%s is %d, over the limit of %d", e.What, e.Got, e.Limit)
}

func humanBytes(n int) string {
	const mb = 1 << 20
	switch {
	case n >= mb:
		if n%mb == 0 {
			return fmt.Sprintf("%d MB", n/mb)
		}
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ErrNoHeaders is returned when no mail header field can be found in the input.
var ErrNoHeaders = errors.New("not a mail: no header fields found")

// Field is one header field. Value is unfolded (a line break and the
// white space after it become one space) and trimmed; RFC 2047 encoded words
// are not decoded (see DecodeHeader).
type Field struct{ Key, Value string }

// Header is a header block in order, top first.
type Header []Field

// Get returns the first value of key (case-insensitive), or "".
func (h Header) Get(key string) string {
	for _, f := range h {
		if sameKey(f.Key, key) {
			return f.Value
		}
	}
	return ""
}

// Values returns every value of key (case-insensitive), top first.
func (h Header) Values(key string) []string {
	var out []string
	for _, f := range h {
		if sameKey(f.Key, key) {
			out = append(out, f.Value)
		}
	}
	return out
}

// sameKey is strings.EqualFold(k, key), without the call for the many
// names whose first bytes are ASCII and differ other than in case (ASCII
// case differs in bit 5 only).
func sameKey(k, key string) bool {
	if k != "" && key != "" && k[0]|key[0] < utf8.RuneSelf && k[0]|0x20 != key[0]|0x20 {
		return false
	}
	return strings.EqualFold(k, key)
}

// Part is one non-body leaf of the MIME tree.
type Part struct {
	Name        string // decoded filename (RFC 2047 / RFC 2231), "" if none
	ContentType string // lower-case media type, e.g. "application/pdf"
	Disposition string // "attachment" | "inline" | ""
	Data        []byte // decoded content (bounded by MaxPartBytes)
	Size        int    // decoded size
}

// Kinds of input.
const (
	KindEML       = "eml"       // a mail with a body
	KindHeaders   = "headers"   // header fields only
	KindForwarded = "forwarded" // the original, taken out of a forward
)

// Message is one parsed input.
type Message struct {
	Header      Header
	Kind        string // "eml" | "headers" | "forwarded"
	Unwrapped   bool   // the original was taken out of a message/rfc822 attachment
	HasBody     bool
	Text        []string // text/plain bodies decoded to UTF-8
	HTML        []string // text/html bodies decoded to UTF-8
	Attachments []Part   // every non-body leaf part, and attached messages other than the unwrapped original
	Notes       []string // plain English statements about the input and what was repaired
	Size        int      // input bytes
}

// Parse reads one input into a Message. Errors are *LimitError, or wrap
// ErrNoHeaders when the input is not a mail; broken MIME is not an error.
func Parse(raw []byte, lim Limits) (*Message, error) {
	lim = lim.withDefaults()
	if len(raw) > lim.MaxBytes {
		return nil, &LimitError{What: LimitInput, Limit: lim.MaxBytes, Got: len(raw)}
	}
	p := &parser{lim: lim}
	m, err := p.message(raw, 0, true)
	if err != nil {
		return nil, err
	}
	m.Size = len(raw)
	return m, nil
}

// parser holds the state of one Parse call.
type parser struct {
	lim   Limits
	parts int // MIME entities seen so far, across nested messages
}
