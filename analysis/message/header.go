package message

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
)

const maxFieldName = 200

// headerLine splits a header line "Name: value". ok is false for lines that
// are not a header field: no colon, a name with spaces or control bytes,
// an over-long name, or a URL such as "http://x".
func headerLine(line []byte) (name, value []byte, ok bool) {
	colon := bytes.IndexByte(line[:min(len(line), maxFieldName+16)], ':')
	if colon <= 0 {
		return nil, nil, false
	}
	name = bytes.TrimRight(line[:colon], " \t") // obsolete "Subject : x"
	if len(name) == 0 || len(name) > maxFieldName {
		return nil, nil, false
	}
	for _, c := range name {
		if c <= ' ' || c >= 0x7f {
			return nil, nil, false
		}
	}
	value = line[colon+1:]
	if bytes.HasPrefix(value, []byte("//")) {
		return nil, nil, false
	}
	return name, value, true
}

// headerLookahead is how many lines after a malformed header line are
// searched for another header line before deciding the body has started.
const headerLookahead = 3

// splitHeader reads the header block at the start of data and returns it and
// the body. The block ends at a blank line (consumed) or, when the blank line
// is missing, at a non-header line that no header line follows closely.
// Malformed lines inside the block are skipped; missing is true when the
// blank line was missing.
func (p *parser) splitHeader(data []byte) (h Header, body []byte, missing bool, err error) {
	type span struct{ nameEnd, start, end int } // offsets into data
	var spans []span
	pos := 0
	end := len(data)
	bodyAt := len(data)
	for pos < len(data) {
		line, next := nextLine(data, pos)
		if len(bytes.TrimSpace(line)) == 0 && !(len(line) > 0 && headerContinues(data[next:])) {
			end, bodyAt = pos, next
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(spans) > 0 && spans[len(spans)-1].end == pos-1 {
				spans[len(spans)-1].end = pos + len(line)
			}
			pos = next
			continue
		}
		name, _, ok := headerLine(line)
		if !ok {
			if !headerFollows(data[next:]) {
				end, bodyAt, missing = pos, pos, true
				break
			}
			pos = next
			continue
		}
		if len(spans) >= p.lim.MaxHeaders {
			return nil, nil, false, &LimitError{What: LimitHeaders, Limit: p.lim.MaxHeaders, Got: len(spans) + 1}
		}
		spans = append(spans, span{nameEnd: pos + len(name), start: pos, end: pos + len(line)})
		pos = next
	}
	if pos >= len(data) {
		end, bodyAt = len(data), len(data)
	}
	if len(spans) == 0 {
		return nil, data[bodyAt:], missing, nil
	}
	block := string(data[:end]) // one allocation for every single-line field
	h = make(Header, len(spans))
	for i, s := range spans {
		key := block[s.start:s.nameEnd]
		raw := block[s.nameEnd:s.end]
		raw = raw[strings.IndexByte(raw, ':')+1:]
		h[i] = Field{Key: key, Value: unfold(raw)}
	}
	return h, data[bodyAt:], missing, nil
}

// headerFollows reports whether a header line starts within the next few lines.
func headerFollows(data []byte) bool {
	pos := 0
	for i := 0; i < headerLookahead && pos < len(data); i++ {
		line, next := nextLine(data, pos)
		if len(bytes.TrimSpace(line)) == 0 {
			return false
		}
		if _, _, ok := headerLine(line); ok {
			return true
		}
		pos = next
	}
	return false
}

// maxBlankRun bounds the lines of only blanks that headerContinues looks
// past for the next folded line or field.
const maxBlankRun = 16

// headerContinues reports whether the lines starting data continue a header
// block: after any lines of only blanks (never an empty line), a folded
// line or a header field. A line of only blanks followed by one of these
// does not end the header: Exchange writes such lines, and SpamAssassin's
// X-Spam-Report folds several of them in a row after its content preview.
func headerContinues(data []byte) bool {
	pos := 0
	for i := 0; i <= maxBlankRun && pos < len(data); i++ {
		line, next := nextLine(data, pos)
		if len(line) == 0 {
			return false // an empty line ends the header
		}
		if len(bytes.TrimSpace(line)) == 0 {
			pos = next
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			return true
		}
		_, _, ok := headerLine(line)
		return ok
	}
	return false
}

// unfold joins folded lines (a line break and the white space around it
// become one space) and trims the result.
func unfold(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return trimBlanksCR(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a line break since the last text written
	for first := true; ; first = false {
		line, rest, broken := strings.Cut(s, "\n")
		if !first {
			line = trimBlanksLeft(line)
		}
		if broken {
			line = trimBlanksRight(line)
		}
		if line != "" {
			if space {
				b.WriteByte(' ')
			}
			b.WriteString(line)
			space = false
		}
		if !broken {
			break
		}
		space, s = true, rest
	}
	return trimBlanksCR(b.String())
}

// trimBlanksCR is strings.Trim(s, " \t\r") without building the cutset
// for every field.
func trimBlanksCR(s string) string {
	blank := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }
	for len(s) > 0 && blank(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && blank(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// trimBlanksLeft and trimBlanksRight trim spaces and tabs (as
// strings.TrimLeft(s, " \t") would, without building a set each call).
func trimBlanksLeft(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

func trimBlanksRight(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// maxExtPieces bounds the RFC 2231 pieces kept from one header value.
const maxExtPieces = 256

// parseMediaValue leniently parses a Content-Type or Content-Disposition
// value into its lower-case first token and its parameters (lower-case
// names; RFC 2231 continuations and charsets decoded; quoted strings
// unquoted). It never fails: a broken parameter is skipped.
func parseMediaValue(v string) (string, map[string]string) {
	typ, rest, _ := strings.Cut(v, ";")
	typ = strings.ToLower(strings.Trim(typ, " \t\"'"))
	if rest == "" {
		return typ, nil
	}
	params := make(map[string]string)
	type piece struct {
		val      string
		extended bool
	}
	var ext map[string]map[int]piece
	extPieces := 0
	for i := 0; i < len(rest) && len(params) < 64; {
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == ';') {
			i++
		}
		eq := strings.IndexAny(rest[i:], "=;")
		if eq < 0 {
			break
		}
		if rest[i+eq] == ';' { // attribute without value
			i += eq
			continue
		}
		name := strings.ToLower(strings.TrimSpace(rest[i : i+eq]))
		i += eq + 1
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '\t') {
			i++
		}
		var val string
		if i < len(rest) && rest[i] == '"' {
			var b strings.Builder
			i++
			for ; i < len(rest) && rest[i] != '"'; i++ {
				if rest[i] == '\\' && i+1 < len(rest) {
					i++
				}
				b.WriteByte(rest[i])
			}
			i++ // closing quote (or past the end)
			val = b.String()
			if j := strings.IndexByte(rest[min(i, len(rest)):], ';'); j >= 0 {
				i += j
			} else {
				i = len(rest)
			}
		} else {
			j := strings.IndexByte(rest[i:], ';')
			if j < 0 {
				j = len(rest) - i
			}
			val = strings.TrimSpace(rest[i : i+j])
			i += j
		}
		if name == "" {
			continue
		}
		base, section, isExt := strings.Cut(name, "*")
		if !isExt {
			if _, dup := params[name]; !dup {
				params[name] = val
			}
			continue
		}
		// RFC 2231: name*=cs'lang'v, name*0=a, name*1*=%xx ...
		extended := strings.HasSuffix(section, "*") || section == ""
		section = strings.TrimSuffix(section, "*")
		n := 0
		if section != "" {
			var err error
			if n, err = strconv.Atoi(section); err != nil || n < 0 || n > 99 {
				continue
			}
		}
		if ext == nil {
			ext = make(map[string]map[int]piece)
		}
		if extPieces++; extPieces > maxExtPieces {
			continue
		}
		if ext[base] == nil {
			ext[base] = make(map[int]piece)
		}
		ext[base][n] = piece{val, extended}
	}
	for base, pieces := range ext {
		idx := make([]int, 0, len(pieces))
		for n := range pieces {
			idx = append(idx, n)
		}
		sort.Ints(idx)
		var raw []byte
		cs := ""
		for k, n := range idx {
			pc := pieces[n]
			val := pc.val
			if k == 0 && pc.extended {
				if parts := strings.SplitN(val, "'", 3); len(parts) == 3 {
					cs, val = parts[0], parts[2]
				}
			}
			if pc.extended {
				raw = append(raw, percentDecode(val)...)
			} else {
				raw = append(raw, val...)
			}
		}
		s, _ := decodeCharset(cs, raw)
		params[base] = s
	}
	return typ, params
}

func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if h, ok := unhex2(s[i+1], s[i+2]); ok {
				out = append(out, h)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

func unhex2(a, b byte) (byte, bool) {
	x, ok1 := unhex(a)
	y, ok2 := unhex(b)
	return x<<4 | y, ok1 && ok2
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
