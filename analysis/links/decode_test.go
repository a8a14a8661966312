package links

import (
	"encoding/base64"
	"io"
	"mime/quotedprintable"
	"strings"
)

func newQP(r io.Reader) io.Reader { return quotedprintable.NewReader(r) }

func newB64(r io.Reader) io.Reader {
	// Strip line breaks the base64 decoder would choke on.
	return base64.NewDecoder(base64.StdEncoding, &lineStripper{r: r})
}

type lineStripper struct{ r io.Reader }

func (l *lineStripper) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	s := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, string(p[:n]))
	return copy(p, s), err
}
