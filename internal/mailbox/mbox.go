// Package mailbox splits mailboxes into messages: mbox files (mboxo and
// mboxrd, "From " separator lines, ">From " unquoting), read as a stream,
// and Maildir folders (cur/ and new/).
package mailbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// separator matches an mbox "From " line: "From", a space, the envelope
// sender (possibly empty, as in "From  Mon…"), and an asctime-like date with
// a month, a time and a year, e.g. "From MAILER-DAEMON Fri Jul  8 12:08:34 2011"
// or Gmail's "From 1234@xxx Mon Jan 01 00:00:00 +0000 2024". A mail header
// line is "From:" and never matches.
var separator = regexp.MustCompile(`^From \S*\s+.*\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.*\b\d{1,2}:\d{2}(:\d{2})?\b.*\b\d{4}\b`)

// maxSeparator is the longest line taken for a separator.
const maxSeparator = 1000

// IsSeparator reports whether line (with or without its line end) is an
// mbox "From " separator line.
func IsSeparator(line []byte) bool {
	if len(line) > maxSeparator || !bytes.HasPrefix(line, []byte("From ")) {
		return false
	}
	return separator.Match(bytes.TrimRight(line, "\r\n"))
}

// IsMbox reports whether the start of a file looks like an mbox: its first
// line is a "From " separator line. A single mail starts with header
// fields ("From:" has a colon), so it never does.
func IsMbox(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return IsSeparator(line)
}

// Message is one message of a mailbox.
type Message struct {
	Index int    // 1-based position in the mbox
	Data  []byte // the message, unquoted, without its separator line; nil when Err is set
	Err   error  // the message could not be kept (over the size limit)
}

// ErrTooLarge is wrapped by Message.Err for a message over the size limit.
var ErrTooLarge = errors.New("message too large")

// MboxReader reads the messages of an mbox one at a time, holding one
// message in memory.
type MboxReader struct {
	r       *bufio.Reader
	max     int
	n       int
	started bool // the first separator has been read
	eof     bool
}

// NewMboxReader reads an mbox from r; messages over max bytes come back
// with Err set (their bytes are skipped, not kept).
func NewMboxReader(r io.Reader, max int) *MboxReader {
	return &MboxReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Next returns the next message, or io.EOF after the last one. Text before
// the first separator line is not a message and is skipped.
func (m *MboxReader) Next() (*Message, error) {
	if m.eof {
		return nil, io.EOF
	}
	var buf []byte
	over := false
	size := 0
	lineStart := true
	for {
		chunk, err := m.r.ReadSlice('\n')
		if len(chunk) > 0 {
			atStart := lineStart
			lineStart = chunk[len(chunk)-1] == '\n'
			if atStart && IsSeparator(chunk) {
				if m.started {
					// This separator starts the next message: the next call
					// goes on after it (m.started stays true).
					return m.finish(buf, over, size), nil
				}
				m.started = true
				continue
			}
			if m.started {
				if atStart {
					chunk = unquote(chunk)
				}
				size += len(chunk)
				if size > m.max {
					over, buf = true, nil
				}
				if !over {
					buf = append(buf, chunk...)
				}
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			m.eof = true
			if errors.Is(err, io.EOF) {
				if !m.started {
					return nil, io.EOF
				}
				return m.finish(buf, over, size), nil
			}
			return nil, err
		}
	}
}

func (m *MboxReader) finish(buf []byte, over bool, size int) *Message {
	m.n++
	msg := &Message{Index: m.n}
	if over {
		msg.Err = fmt.Errorf("%w: message %d is %d bytes, over the %d-byte limit", ErrTooLarge, m.n, size, m.max)
		return msg
	}
	// The blank line before the next separator belongs to the mbox.
	switch {
	case bytes.HasSuffix(buf, []byte("\r\n\r\n")):
		buf = buf[:len(buf)-2]
	case bytes.HasSuffix(buf, []byte("\n\n")):
		buf = buf[:len(buf)-1]
	}
	if buf == nil {
		buf = []byte{}
	}
	msg.Data = buf
	return msg
}

// unquote undoes mboxrd quoting (">From " → "From ", ">>From " → ">From "),
// which also undoes mboxo's.
func unquote(line []byte) []byte {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	if i > 0 && bytes.HasPrefix(line[i:], []byte("From ")) {
		return line[1:]
	}
	return line
}

// IsMaildir reports whether dir is a Maildir: it has a cur/ or new/ folder.
func IsMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// MaildirFiles lists the messages of a Maildir: the files in cur/ then
// new/, each sorted by name (tmp/ holds deliveries in progress and is left
// alone, as are dot files).
func MaildirFiles(dir string) ([]string, error) {
	var out []string
	for _, sub := range []string{"cur", "new"} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range ents {
			if e.Type().IsRegular() && e.Name()[0] != '.' {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, filepath.Join(dir, sub, n))
		}
	}
	return out, nil
}
