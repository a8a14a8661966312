package render_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/mail"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// TestCorpusHeaders renders the real (often hostile) Subject, From,
// Reply-To, Return-Path and Message-ID values of every labelled corpus mail
// and checks the payload: Slack limits hold and nothing forms Slack syntax.
// It reads headers only (no body, no links are followed) and skips without
// the corpus.
func TestCorpusHeaders(t *testing.T) {
	labels := corpustest.Labels(t)
	dec := mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
		return in, nil // undecodable charsets stay raw: hostile bytes are what we test
	}}
	start := time.Now()
	rendered, unreadable := 0, 0
	step := 1
	if testing.Short() {
		step = 10 // -short: every tenth mail
	}
	for i, l := range labels {
		if i%step != 0 {
			continue
		}
		h, err := readHeader(l.Path)
		if err != nil {
			unreadable++
			continue
		}
		subject, err := dec.DecodeHeader(h.Get("Subject"))
		if err != nil {
			subject = h.Get("Subject")
		}
		from, err := dec.DecodeHeader(h.Get("From"))
		if err != nil {
			from = h.Get("From")
		}
		name, addr := from, from
		if a, err := mail.ParseAddress(from); err == nil {
			name, addr = a.Name, a.Address
		}
		r := &report.Report{
			Subject: subject, MessageID: h.Get("Message-Id"),
			Verdict: report.Verdict{Level: report.Suspicious, Reasons: []report.Reason{{Text: "display name " + name}}},
			Sender: report.Sender{From: addr, DisplayName: name, ReplyTo: h.Get("Reply-To"), ReturnPath: h.Get("Return-Path"),
				FromDomain: addr[strings.LastIndexByte(addr, '@')+1:]},
			Links:   []report.Link{{URL: h.Get("List-Unsubscribe"), Text: subject, Mismatch: true}},
			Domains: []report.Domain{{Name: addr[strings.LastIndexByte(addr, '@')+1:], Registrant: name}},
			Notes:   []string{h.Get("X-Mailer")},
		}
		o := render.Options{Lang: "ja", CaseID: 1}
		if rendered%2 == 0 {
			o.Lang = "en"
		}
		p, err := render.Payload(r, o)
		if err != nil {
			t.Fatalf("%s: %v", l.Rel, err)
		}
		checkLimits(t, render.Blocks(r, o))
		checkNoInjection(t, p, nil, false)
		var v any
		if err := json.Unmarshal(p, &v); err != nil {
			t.Fatal(err)
		}
		walkStrings(v, func(s string) {
			if m := liveURL.FindString(s); m != "" {
				t.Errorf("live URL %q in %.200q", m, s)
			}
		})
		if t.Failed() {
			t.Fatalf("first failure: %s", l.Rel)
		}
		rendered++
	}
	el := time.Since(start)
	t.Logf("corpus: rendered %d mails' headers (%d unreadable) in %v (%.0f µs/mail incl. reading)",
		rendered, unreadable, el.Round(time.Millisecond), float64(el.Microseconds())/float64(max(rendered, 1)))
	if rendered == 0 {
		t.Fatal("no corpus mail rendered")
	}
}

// readHeader reads at most 256 KiB of header from a mail file.
func readHeader(path string) (mail.Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(io.LimitReader(f, 256<<10))
	var buf bytes.Buffer
	for {
		line, err := br.ReadBytes('\n')
		buf.Write(line)
		if len(bytes.TrimRight(line, "\r\n")) == 0 || err != nil {
			break
		}
	}
	buf.WriteString("\r\n")
	m, err := mail.ReadMessage(&buf)
	if err != nil {
		return nil, err
	}
	return m.Header, nil
}
