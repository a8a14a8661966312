package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/internal/mailbox"
)

// mailItem is one mail to analyze, in input order: a file, one message of
// an mbox or one file of a Maildir.
type mailItem struct {
	name  string // file as given or found ("-" for stdin)
	index int    // 1-based position in an mbox; 0 when the file is one mail
	data  []byte // up to max+1 bytes: the analyzer reports what is over its limit
	err   error  // the mail could not be read (wraps analysis.ErrInput)
}

// label names the item in messages on stderr.
func (it mailItem) label() string {
	name := it.name
	if name == "-" {
		name = "stdin"
	}
	if it.index > 0 {
		return fmt.Sprintf("%s #%d", name, it.index)
	}
	return name
}

// mailSource expands command-line arguments into mails, one at a time:
// a file is one mail, or every message of it when it is an mbox; a Maildir
// folder gives its messages; any other folder is walked.
type mailSource struct {
	ctx   context.Context
	stdin io.Reader
	max   int                    // bytes of one mail the analyzer accepts
	emit  func(it mailItem) bool // false: stop
}

func inputErr(err error) error { return fmt.Errorf("%w: %v", analysis.ErrInput, err) }

// args sends the mails of every argument; it returns false when stopped.
func (s *mailSource) args(names []string) bool {
	for _, name := range names {
		if s.ctx.Err() != nil {
			return false
		}
		if name == "-" {
			if !s.reader(name, s.stdin) {
				return false
			}
			continue
		}
		fi, err := os.Stat(name)
		switch {
		case err != nil:
			if !s.emit(mailItem{name: name, err: inputErr(err)}) {
				return false
			}
		case fi.IsDir():
			if !s.dir(name) {
				return false
			}
		default:
			if !s.file(name) {
				return false
			}
		}
	}
	return true
}

// dir sends a Maildir's messages, or walks a folder: Maildirs in it give
// their messages, files are read as mails or mboxes; names starting with a
// dot are skipped.
func (s *mailSource) dir(root string) bool {
	if mailbox.IsMaildir(root) {
		return s.maildir(root)
	}
	ok := true
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if !ok || s.ctx.Err() != nil {
			return fs.SkipAll
		}
		if err != nil {
			ok = s.emit(mailItem{name: path, err: inputErr(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && mailbox.IsMaildir(path) {
				ok = s.maildir(path)
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			ok = s.file(path)
		}
		return nil
	})
	if err != nil && ok {
		ok = s.emit(mailItem{name: root, err: inputErr(err)})
	}
	return ok
}

func (s *mailSource) maildir(dir string) bool {
	files, err := mailbox.MaildirFiles(dir)
	if err != nil {
		return s.emit(mailItem{name: dir, err: inputErr(err)})
	}
	for _, f := range files {
		if s.ctx.Err() != nil {
			return false
		}
		data, err := s.readOne(f)
		if !s.emit(mailItem{name: f, data: data, err: err}) {
			return false
		}
	}
	return true
}

func (s *mailSource) readOne(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputErr(err)
	}
	defer f.Close()
	return s.readAll(f)
}

func (s *mailSource) readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(s.max)+1))
	if err != nil {
		return nil, inputErr(err)
	}
	return data, nil
}

func (s *mailSource) file(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return s.emit(mailItem{name: path, err: inputErr(err)})
	}
	defer f.Close()
	return s.reader(path, f)
}

// reader sends one mail, or the messages of an mbox, read from r.
func (s *mailSource) reader(name string, r io.Reader) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(1024)
	if !mailbox.IsMbox(head) {
		data, err := s.readAll(br)
		return s.emit(mailItem{name: name, data: data, err: err})
	}
	mr := mailbox.NewMboxReader(br, s.max)
	for s.ctx.Err() == nil {
		m, err := mr.Next()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return s.emit(mailItem{name: name, err: inputErr(err)})
		}
		it := mailItem{name: name, index: m.Index, data: m.Data}
		if m.Err != nil {
			it.err = inputErr(m.Err)
		}
		if !s.emit(it) {
			return false
		}
	}
	return false
}
