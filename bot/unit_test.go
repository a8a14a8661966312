package bot

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/store"
)

func TestTokenHostAllowed(t *testing.T) {
	b := &Bot{}
	var err error
	if b.apiHost, err = url.Parse("http://127.0.0.1:4000/api/"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		want bool
	}{
		{"https://files.slack.com/files-pri/T1-F1/a.eml", true},
		{"https://slack.com/x", true},
		{"https://hooks.slack.com/commands/1", true},
		{"http://files.slack.com/a", false}, // no https
		{"https://files.slack.com.evil.example/a", false},
		{"https://evilslack.com/a", false},
		{"https://user:pw@files.slack.com/a", false},
		{"http://127.0.0.1:4000/download/F1", true}, // the configured API host
		{"http://127.0.0.1:4001/download/F1", false},
		{"https://127.0.0.1:4000/download/F1", false},
		{"", false},
		{"::::", false},
	}
	for _, tt := range tests {
		if got := b.tokenHostAllowed(tt.url); got != tt.want {
			t.Errorf("tokenHostAllowed(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestClassifyFile(t *testing.T) {
	tests := []struct {
		f    slack.File
		want fileKind
	}{
		{slack.File{Name: "Mail.EML"}, fileMail},
		{slack.File{Name: "x", Mimetype: "message/rfc822"}, fileMail},
		{slack.File{Name: "Fwd", Mode: "email"}, fileForwarded},
		{slack.File{Name: "headers", Mode: "snippet", Filetype: "text"}, fileText},
		{slack.File{Name: "h.txt", Mimetype: "text/plain"}, fileText},
		{slack.File{Name: "cat.png", Mimetype: "image/png"}, fileIgnore},
		{slack.File{Name: "invoice.pdf", Mimetype: "application/pdf"}, fileIgnore},
		{slack.File{Name: "mail.msg", Mimetype: "application/vnd.ms-outlook"}, fileMail},
		{slack.File{Name: "Mail.MSG"}, fileMail},
		{slack.File{Name: "x", Filetype: "msg"}, fileMail},
	}
	for _, tt := range tests {
		if got := classifyFile(tt.f); got != tt.want {
			t.Errorf("classifyFile(%+v) = %v, want %v", tt.f, got, tt.want)
		}
	}
}

func TestCapWriter(t *testing.T) {
	w := &capWriter{max: 10}
	if n, err := w.Write([]byte("12345")); n != 5 || err != nil {
		t.Fatal(n, err)
	}
	if _, err := w.Write([]byte("1234567")); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if _, err := w.Write([]byte("12345")); err != nil || w.buf.String() != "1234512345" {
		t.Fatalf("exactly the cap must fit: %v %q", err, w.buf.String())
	}
}

func TestReplaceTally(t *testing.T) {
	sec := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "x", false, false), nil, nil)
	act := slack.NewActionBlock("actions")
	old := render.TallyBlock(store.Tally{}, "en")
	nw := render.TallyBlock(store.Tally{Phishing: 2, Decision: store.Phishing}, "en")
	ids := func(bs []slack.Block) string {
		var s []string
		for _, b := range bs {
			id := blockID(b)
			if b == nw {
				id = "NEW"
			}
			s = append(s, id)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		in   []slack.Block
		want string
	}{
		{[]slack.Block{sec, old, act}, ",NEW,actions"},
		{[]slack.Block{sec, act}, ",NEW,actions"},
		{[]slack.Block{sec}, ",NEW"},
		{[]slack.Block{old, sec, old}, "NEW,"},
	}
	for _, tt := range tests {
		if got := ids(replaceTally(tt.in, nw)); got != tt.want {
			t.Errorf("replaceTally = %s, want %s", got, tt.want)
		}
	}
}
