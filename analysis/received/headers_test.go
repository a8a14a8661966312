package received

import (
	"bytes"
	"strings"
)

// fakeHeaders is a minimal header map for tests: lower-case key → values,
// top first.
type fakeHeaders map[string][]string

func (h fakeHeaders) Values(k string) []string { return h[strings.ToLower(k)] }

// headersOf builds fakeHeaders from "Key: value" lines (continuation lines
// start with white space).
func headersOf(lines ...string) fakeHeaders {
	return parseHeaderBlock([]byte(strings.Join(lines, "\r\n") + "\r\n\r\n"))
}

// parseHeaderBlock reads the header block of a raw message (up to the
// first empty line), unfolding continuation lines. Lines that are not
// fields (an mbox "From " line) are skipped.
func parseHeaderBlock(raw []byte) fakeHeaders {
	h := fakeHeaders{}
	var key string
	var val []byte
	flush := func() {
		if key != "" {
			h[key] = append(h[key], strings.TrimSpace(string(val)))
		}
		key, val = "", nil
	}
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '\n')
		var line []byte
		if i < 0 {
			line, raw = raw, nil
		} else {
			line, raw = raw[:i], raw[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if key != "" {
				val = append(val, ' ')
				val = append(val, bytes.TrimLeft(line, " \t")...)
			}
			continue
		}
		flush()
		c := bytes.IndexByte(line, ':')
		if c <= 0 || bytes.ContainsAny(line[:c], " \t") {
			continue
		}
		key = strings.ToLower(string(line[:c]))
		val = append(val, line[c+1:]...)
	}
	flush()
	return h
}
