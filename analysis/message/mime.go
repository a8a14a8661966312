package message

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/checkmail/checkmail/internal/ascii"
)

// collector gathers the leaves of one message's MIME tree.
type collector struct {
	text, html  []string
	attachments []Part
	forwards    []int // indices in attachments of attached messages
	report      bool  // a multipart/report or delivery-status part was seen
	digest      bool  // a multipart/digest was seen: a list digest, not a forward
	notes       noteSet
}

type noteSet []string

func (n *noteSet) add(s string) {
	for _, x := range *n {
		if x == s {
			return
		}
	}
	if len(*n) < 50 {
		*n = append(*n, s)
	}
}

// message parses one mail (the input, or an attached original) at the given
// MIME depth. top enables the repairs only pasted text needs.
func (p *parser) message(raw []byte, depth int, top bool) (*Message, error) {
	if depth > p.lim.MaxDepth {
		return nil, &LimitError{What: LimitDepth, Limit: p.lim.MaxDepth, Got: depth}
	}
	var notes noteSet
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("empty input: %w", ErrNoHeaders)
	}
	data, bareCR := normalizeEOL(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))) // UTF-8 BOM of files saved on Windows
	if bareCR {
		notes.add("line ends were bare CR")
	}
	if top && looksSlackEscaped(data) {
		data = slackUnescape(data)
		notes.add("undid Slack formatting (&lt; &gt; &amp; escapes and link markup)")
	}
	start, indent, skipped := findHeaderStart(data)
	if start < 0 {
		return nil, ErrNoHeaders
	}
	if skipped > 0 {
		if bytes.HasPrefix(data, []byte("From ")) && skipped == 1 {
			notes.add("skipped an mbox \"From \" line before the headers")
		} else {
			notes.add(fmt.Sprintf("skipped %d lines of text before the first header", skipped))
		}
	}
	data = data[start:]
	if len(indent) > 0 {
		data = dedent(data, indent)
		notes.add("removed the indentation of pasted header lines")
	}
	h, body, missing, err := p.splitHeader(data)
	if err != nil {
		return nil, err
	}
	if len(h) == 0 {
		return nil, ErrNoHeaders
	}
	m := &Message{Header: h, Kind: KindEML}
	if len(bytes.TrimSpace(body)) == 0 {
		m.Kind = KindHeaders
		notes.add("headers only: no body to inspect")
		m.Notes = notes
		return m, nil
	}
	if missing {
		notes.add("no blank line between the headers and the body")
	}
	m.HasBody = true
	c := &collector{notes: notes}
	if err := p.entity(h, body, depth, false, c); err != nil {
		return nil, err
	}
	m.Text, m.HTML, m.Attachments = c.text, c.html, c.attachments
	m.Notes = c.notes
	return p.unwrap(m, c, depth)
}

// entity walks one MIME entity whose header is h.
func (p *parser) entity(h Header, body []byte, depth int, inDigest bool, c *collector) error {
	p.parts++
	if p.parts > p.lim.MaxParts {
		return &LimitError{What: LimitParts, Limit: p.lim.MaxParts, Got: p.parts}
	}
	mt, params := contentType(h.Get("Content-Type"), inDigest)
	if !strings.HasPrefix(mt, "multipart/") {
		return p.leaf(h, mt, params, body, c)
	}
	switch mt {
	case "multipart/report":
		c.report = true
	case "multipart/digest":
		c.digest = true
	}
	if depth+1 > p.lim.MaxDepth {
		return &LimitError{What: LimitDepth, Limit: p.lim.MaxDepth, Got: depth + 1}
	}
	boundary := params["boundary"]
	if boundary == "" {
		boundary = guessBoundary(body)
		if boundary == "" {
			c.notes.add("a multipart part has no boundary: read it as plain text")
			return p.leaf(nil, "text/plain", nil, body, c)
		}
		c.notes.add("a multipart part has no boundary parameter: used the first delimiter line found")
	}
	mp := multipartReader{body: body, delim: []byte("--" + boundary)}
	n := 0
	for {
		part, ok := mp.next()
		if !ok {
			break
		}
		n++
		ph, pb, _, err := p.splitHeader(part)
		if err != nil {
			return err
		}
		if err := p.entity(ph, pb, depth+1, mt == "multipart/digest", c); err != nil {
			return err
		}
	}
	switch {
	case n == 0:
		c.notes.add("a multipart boundary never appears in its body: read it as plain text")
		return p.leaf(nil, "text/plain", nil, body, c)
	case !mp.closed:
		c.notes.add("a multipart body ends without its closing boundary")
	}
	return nil
}

// contentType returns the media type (default text/plain, or message/rfc822
// inside multipart/digest) and parameters of a Content-Type value.
func contentType(v string, inDigest bool) (string, map[string]string) {
	mt, params := parseMediaValue(v)
	if i := strings.IndexAny(mt, " \t"); i >= 0 {
		mt = mt[:i]
	}
	slash := strings.IndexByte(mt, '/')
	if slash <= 0 || slash == len(mt)-1 {
		switch {
		case mt == "text":
			mt = "text/plain"
		case inDigest:
			mt = "message/rfc822"
		default:
			mt = "text/plain"
		}
	}
	return mt, params
}

// leaf files one non-multipart entity as a body or an attachment.
func (p *parser) leaf(h Header, mt string, params map[string]string, body []byte, c *collector) error {
	cte := transferToken(h.Get("Content-Transfer-Encoding"))
	data, known := decodeTransfer(cte, body)
	if !known {
		c.notes.add(fmt.Sprintf("unknown transfer encoding %q: read as is", clip(cte, 40)))
	}
	if len(data) > p.lim.MaxPartBytes {
		return &LimitError{What: LimitPart, Limit: p.lim.MaxPartBytes, Got: len(data)}
	}
	disp, dparams := parseMediaValue(h.Get("Content-Disposition"))
	switch disp {
	case "", "inline", "attachment":
	default:
		disp = "attachment" // RFC 2183: treat unknown dispositions as attachment
	}
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	name = strings.TrimSpace(DecodeHeader(name))
	if (mt == "text/plain" || mt == "text/html") && disp != "attachment" && name == "" {
		cs, declared := params["charset"]
		if !declared && mt == "text/html" {
			cs = metaCharset(data)
		}
		s, ok := decodeCharset(cs, data)
		if !ok {
			c.notes.add(fmt.Sprintf("unknown charset %q: decoded as UTF-8 with replacement characters", clip(cs, 40)))
		}
		if strings.IndexByte(s, '\r') >= 0 { // CRLF from inside base64 or QP
			s = strings.ReplaceAll(s, "\r\n", "\n")
		}
		if mt == "text/plain" {
			c.text = append(c.text, s)
		} else {
			c.html = append(c.html, s)
		}
		return nil
	}
	if mt == "message/delivery-status" || mt == "message/global-delivery-status" || mt == "text/rfc822-headers" || mt == "message/feedback-report" {
		c.report = true
	}
	if cte == "" || cte == "7bit" || cte == "8bit" || cte == "binary" || !known {
		data = bytes.Clone(data) // do not alias the input
	}
	c.attachments = append(c.attachments, Part{Name: name, ContentType: mt, Disposition: disp, Data: data, Size: len(data)})
	if mt == "message/rfc822" || mt == "message/global" || strings.HasSuffix(strings.ToLower(name), ".eml") && !strings.HasPrefix(mt, "image/") {
		c.forwards = append(c.forwards, len(c.attachments)-1)
	}
	return nil
}

// transferToken returns the lower-case leading token of a
// Content-Transfer-Encoding value ("8bit+" and "base64; x" read as 8bit and base64).
func transferToken(v string) string {
	v = strings.ToLower(strings.TrimLeft(v, " \t\"'"))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return v[:i]
		}
	}
	return v
}

// metaCharset finds <meta charset=...> or a content="...charset=..." in the
// start of an HTML body without a charset parameter.
func metaCharset(html []byte) string {
	head := html[:min(len(html), 2048)]
	// ASCII case only: bytes.ToLower makes every byte of legacy text
	// (Shift_JIS, EUC-JP) three, and i must be an offset into head.
	i := strings.Index(ascii.Lower(string(head)), "charset=")
	if i < 0 {
		return ""
	}
	v := head[i+len("charset="):]
	v = bytes.TrimLeft(v, "\"' ")
	end := bytes.IndexAny(v, "\"'; >/\n")
	if end < 0 {
		end = len(v)
	}
	return string(v[:end])
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// guessBoundary returns the boundary of the first "--x" line of body, for a
// multipart that lacks the parameter.
func guessBoundary(body []byte) string {
	for pos, i := 0, 0; pos < len(body) && i < 100; i++ {
		line, next := nextLine(body, pos)
		line = bytes.TrimRight(line, " \t")
		if len(line) > 2 && len(line) <= 200 && bytes.HasPrefix(line, []byte("--")) && !bytes.ContainsAny(line, " \t") {
			return string(bytes.TrimSuffix(line[2:], []byte("--")))
		}
		pos = next
	}
	return ""
}

// multipartReader yields the parts of a multipart body one at a time. It
// tolerates a missing closing delimiter (the last part runs to the end).
type multipartReader struct {
	body   []byte
	delim  []byte
	pos    int  // start of the current part, or -1 before the first delimiter
	begun  bool // the first delimiter was found
	done   bool
	closed bool // the closing delimiter was seen
}

// findDelim returns the offset of the next delimiter line at or after from,
// the offset just past that line, and whether it is the closing delimiter.
func (r *multipartReader) findDelim(from int) (at, after int, closing, ok bool) {
	for from <= len(r.body) {
		i := bytes.Index(r.body[from:], r.delim)
		if i < 0 {
			return 0, 0, false, false
		}
		at = from + i
		from = at + len(r.delim)
		if at > 0 && r.body[at-1] != '\n' {
			continue
		}
		rest, next := nextLine(r.body, from)
		if bytes.HasPrefix(rest, []byte("--")) {
			return at, next, true, true
		}
		if len(bytes.Trim(rest, " \t")) != 0 {
			continue // a longer boundary that shares this prefix
		}
		return at, next, false, true
	}
	return 0, 0, false, false
}

func (r *multipartReader) next() ([]byte, bool) {
	if r.done {
		return nil, false
	}
	if !r.begun {
		_, after, closing, ok := r.findDelim(0)
		if !ok || closing {
			r.done = true
			r.closed = ok
			return nil, false
		}
		r.begun, r.pos = true, after
	}
	at, after, closing, ok := r.findDelim(r.pos)
	if !ok {
		r.done = true
		return r.body[r.pos:], true
	}
	end := at
	if end > r.pos && r.body[end-1] == '\n' {
		end-- // the line break before a delimiter belongs to it
	}
	part := r.body[r.pos:max(end, r.pos)]
	r.pos = after
	if closing {
		r.done, r.closed = true, true
	}
	return part, true
}

// Bounds for deciding that a message with an attached mail is a forward.
const shortBodyRunes = 1500

// unwrap replaces m by the original message it forwards, when m is
// plausibly a forward with the original attached.
func (p *parser) unwrap(m *Message, c *collector, depth int) (*Message, error) {
	if len(c.forwards) == 0 || c.report || c.digest || looksLikeBounce(m.Header) {
		return m, nil
	}
	subject := DecodeHeader(m.Header.Get("Subject"))
	if !forwardSubject(subject) && (!shortBody(c) || reportText(c)) {
		return m, nil
	}
	first := c.attachments[c.forwards[0]]
	inner, err := p.message(first.Data, depth+1, false)
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			return nil, err
		}
		m.Notes = append(m.Notes, "an attached message could not be read as a mail, so the forward itself was analyzed")
		return m, nil
	}
	from := DecodeHeader(m.Header.Get("From"))
	notes := noteSet(m.Notes)
	notes.add(fmt.Sprintf("unwrapped the original message attached to a forward (forwarded by %q, subject %q)", clip(from, 120), clip(subject, 120)))
	if extra := len(c.forwards) - 1; extra > 0 {
		notes.add(fmt.Sprintf("the forward had %d more attached messages; only the first was analyzed (the others are listed as attachments)", extra))
	}
	if other := len(c.attachments) - len(c.forwards); other > 0 {
		notes.add(fmt.Sprintf("the forward itself had %d other attachments, not analyzed", other))
	}
	for _, n := range inner.Notes {
		notes.add(n)
	}
	inner.Notes = notes
	inner.Kind = KindForwarded
	inner.Unwrapped = true
	for _, i := range c.forwards[1:] {
		inner.Attachments = append(inner.Attachments, c.attachments[i])
	}
	return inner, nil
}

// forwardSubject reports whether a subject marks a forward (Fwd:, FW:, 転送…).
func forwardSubject(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for i := 0; i < 3; i++ { // strip "[list] " and "Re: " prefixes
		switch {
		case strings.HasPrefix(s, "["):
			if j := strings.IndexByte(s, ']'); j > 0 {
				s = strings.TrimSpace(s[j+1:])
			}
		case strings.HasPrefix(s, "re:"), strings.HasPrefix(s, "aw:"):
			s = strings.TrimSpace(s[3:])
		}
	}
	for _, p := range []string{"fwd:", "fw:", "fwd :", "fw :", "fwd：", "fw：", "tr:", "wg:", "rv:", "enc:", "doorst:", "転送:", "転送：", "转发:", "转发：", "轉寄:", "전달:", "(fwd)", "[fwd"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.HasSuffix(s, "(fwd)")
}

// shortBody reports whether the forwarding text is short: a forward with a
// line or two of comment, not a newsletter that happens to attach a mail.
func shortBody(c *collector) bool {
	n := 0
	for _, t := range c.text {
		n += utf8.RuneCountInString(strings.TrimSpace(t))
	}
	if len(c.text) == 0 {
		for _, h := range c.html {
			n += visibleRunes(h)
		}
	}
	return n <= shortBodyRunes
}

// reportText reports whether the text of a message reads like a delivery
// failure or an abuse report, which carry a message without forwarding it.
func reportText(c *collector) bool {
	for _, t := range append(c.text, c.html...) {
		t = strings.ToLower(t[:min(len(t), 4096)])
		for _, s := range []string{"could not be delivered", "undeliverable", "undelivered", "delivery has failed",
			"delivery failed", "mailbox is full", "permanent error", "was not delivered", "delivery status notification",
			"abuse report", "complaint", "feedback report", "returned to sender", "user unknown"} {
			if strings.Contains(t, s) {
				return true
			}
		}
	}
	return false
}

// visibleRunes counts the runes of HTML outside tags (a rough measure).
func visibleRunes(html string) int {
	n, inTag := 0, false
	for _, r := range html {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case !inTag && r > ' ':
			n++
		}
	}
	return n
}

// looksLikeBounce reports whether a message is a delivery report or other
// automatic notice that carries a message without forwarding it.
func looksLikeBounce(h Header) bool {
	from := strings.ToLower(h.Get("From"))
	for _, s := range []string{"mailer-daemon", "postmaster", "mail delivery", "maildelivery"} {
		if strings.Contains(from, s) {
			return true
		}
	}
	if h.Get("Auto-Submitted") != "" && !strings.EqualFold(h.Get("Auto-Submitted"), "no") {
		return true
	}
	subj := strings.ToLower(DecodeHeader(h.Get("Subject")))
	for _, s := range []string{"undeliver", "undelivered", "delivery status", "delivery failure", "delivery notification", "returned mail", "failure notice", "non-delivery", "nondeliverable", "could not be delivered", "mail delivery failed", "delivery has failed", "abuse report", "complaint about", "dmarc", "report domain"} {
		if strings.Contains(subj, s) {
			return true
		}
	}
	return false
}
