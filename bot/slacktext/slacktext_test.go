package slacktext

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func TestUnformat(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Subject: hello", "Subject: hello"},
		{"entities", "a &lt;b&gt; &amp;amp;", "a <b> &amp;"},
		{"mailto with label", "From: Foo &lt;<mailto:foo@example.com|foo@example.com>&gt;", "From: Foo <foo@example.com>"},
		{"mailto without label", "Return-Path: <mailto:x@example.org>", "Return-Path: x@example.org"},
		{"url label", "see <https://example.com/a?b=1&amp;c=2|example.com>", "see example.com"},
		{"url bare", "see <https://example.com/a?b=1&amp;c=2>", "see https://example.com/a?b=1&c=2"},
		{"mention kept", "hi <@U123> and <!channel>", "hi <@U123> and <!channel>"},
		{"lone lt", "a < b", "a < b"},
		{"lt across newline", "a <b\nc> d", "a <b\nc> d"},
		{"unterminated", "x <mailto:a@b", "x <mailto:a@b"},
		{"empty token", "<>", "<>"},
		{"fence", "```\nFrom: a@b\nTo: c@d\n```", "From: a@b\nTo: c@d"},
		{"message id", "Message-ID: &lt;<mailto:abc@mail.example.com|abc@mail.example.com>&gt;", "Message-ID: <abc@mail.example.com>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unformat(tt.in); got != tt.want {
				t.Errorf("Unformat(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUnformatBoundsInput(t *testing.T) {
	big := strings.Repeat("a", MaxInput+100)
	if got := Unformat(big); len(got) != MaxInput {
		t.Fatalf("len = %d, want %d", len(got), MaxInput)
	}
}

func TestLooksLikeHeaders(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"full", "Received: from x by y\nFrom: a@b\nSubject: hi\n", true},
		{"two known", "From: a@b\nTo: c@d", true},
		{"one known", "From: me\nthis is a note", false},
		{"prose", "Hey team, can someone check this mail? It says: click here", false},
		{"repeated one", "From: a\nFrom: b\nFrom: c", false},
		{"indented", "  From: a@b\n  To: c@d", false},
		{"mixed case", "FROM: a@b\nmessage-id: <x@y>", true},
		{"empty", "", false},
		{"late headers", strings.Repeat("noise\n", maxScanLines+1) + "From: a\nTo: b\n", false},
		{"after prose", "please check\n\nFrom: a@b\nSubject: x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeHeaders(tt.in); got != tt.want {
				t.Errorf("LooksLikeHeaders = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStripMention(t *testing.T) {
	tests := []struct{ in, id, want string }{
		{"<@UBOT> check this", "UBOT", "check this"},
		{"<@UBOT|checkmail> hi <@UOTHER>", "UBOT", "hi <@UOTHER>"},
		{"  plain  ", "", "plain"},
		{"<@UBOT|broken", "UBOT", "<@UBOT|broken"},
	}
	for _, tt := range tests {
		if got := StripMention(tt.in, tt.id); got != tt.want {
			t.Errorf("StripMention(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCorpusHeadersRecognised(t *testing.T) {
	seeds := corpustest.Seeds(200)
	if seeds == nil {
		t.Skip("corpus absent")
	}
	hits := 0
	for _, s := range seeds {
		if LooksLikeHeaders(string(s)) {
			hits++
		}
	}
	t.Logf("%d/%d corpus mails recognised as headers", hits, len(seeds))
	if hits < len(seeds)*9/10 {
		t.Errorf("only %d/%d corpus mails recognised as headers", hits, len(seeds))
	}
}

func FuzzUnformat(f *testing.F) {
	for _, s := range []string{"From: Foo &lt;<mailto:foo@example.com|foo@example.com>&gt;", "<", "<@U1|x>", "```a```", "&amp;&lt;<https://a|b>"} {
		f.Add(s)
	}
	for _, b := range corpustest.Seeds(30) {
		f.Add(string(b[:min(len(b), 4096)]))
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Unformat(s)
		if len(out) > len(s) {
			t.Fatalf("output grew: %d > %d", len(out), len(s))
		}
		if !strings.ContainsAny(s, "<&`") && out != s {
			t.Fatalf("text without markup changed: %q → %q", s, out)
		}
		_ = LooksLikeHeaders(out)
		_ = StripMention(s, "U1")
	})
}
