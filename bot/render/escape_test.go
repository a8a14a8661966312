package render_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/internal/corpustest"
	"github.com/checkmail/checkmail/store"
)

const zw = "\u200b"

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text 日本語", "plain text 日本語"},
		{"<!channel>", "&lt;!channel&gt;"},
		{"<!here> <!everyone>", "&lt;!here&gt; &lt;!everyone&gt;"},
		{"<@U123>", "&lt;@U123&gt;"},
		{"<#C123|general>", "&lt;#C123|general&gt;"},
		{"<!subteam^S123|@team>", "&lt;!subteam^S123|@team&gt;"},
		{"<https://evil|click>", "&lt;https://evil|click&gt;"},
		{"&lt;!channel&gt;", "&amp;lt;!channel&amp;gt;"},
		{"a & b", "a &amp; b"},
		{"@channel hi", "@" + zw + "channel hi"},
		{"@HERE and @Everyone", "@" + zw + "HERE and @" + zw + "Everyone"},
		{"mail me@here.example", "mail me@" + zw + "here.example"},
		{"@alice", "@alice"},
		{"line1\nline2\r\n\tx", "line1 line2   x"},
		{"\x00\x07\x1b[31mred\x7f", "[31mred"},
		{"\u0085next\u2028line", " next line"},
		{"invoice\u202Efdp.exe", "invoice[U+202E]fdp.exe"},
		{"\u2066isolate\u2069", "[U+2066]isolate[U+2069]"},
		{"zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"},
		{"@\u200bchannel", "@" + zw + "channel"}, // input ZWSP removed, ours added
		{"family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"},
		{"```code```", "``" + zw + "`code``" + zw + "`"},
		{"``````", "``" + zw + "``" + zw + "``"},
		{"`x` ``y``", "`x` ``y``"},
		{"bad \xff utf8", "bad \ufffd utf8"},
		{"filler\u3164name", "fillername"},
	}
	for _, tt := range tests {
		if got := render.Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestDefangText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"see paypal.com now", "see paypal[.]com now"},
		{"https://x.example/a?b=c.d", "hxxps://x[.]example/a?b=c.d"},
		{"HTTP://Login.Example.COM/", "hxxp://Login[.]Example[.]COM/"},
		{"go to http://localhost/x", "go to hxxp://localhost/x"},
		{"ip 192.0.2.1 here", "ip 192[.]0[.]2[.]1 here"},
		{"e.g. version 1.2", "e.g. version 1.2"},
		{"already paypal[.]com", "already paypal[.]com"},
		{"user@example.co.jp", "user@example[.]co[.]jp"},
		{"punycode xn--pypal-4ve.com", "punycode xn--pypal-4ve[.]com"},
		{"<https://evil.example|paypal.com>", "<hxxps://evil[.]example|paypal[.]com>"},
		{"楽天.jp と rakuten.co.jp", "楽天.jp と rakuten[.]co[.]jp"},
	}
	for _, tt := range tests {
		if got := render.DefangText(tt.in); got != tt.want {
			t.Errorf("DefangText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

var liveURL = regexp.MustCompile(`(?i)(https?|ftp)://[a-z0-9\-]+\.[a-z0-9]`)

// escapeChanges reports whether Escape would drop or replace r.
func escapeChanges(r rune) bool {
	switch r {
	case '\u034F', '\u115F', '\u1160', '\u3164', '\uFFA0', '\u200D', utf8.RuneError:
		return true
	}
	return !unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r)
}

func unescape(s string) string {
	s = strings.ReplaceAll(s, zw, "")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

func checkEscaped(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("invalid UTF-8 from %q", in)
	}
	if strings.ContainsAny(out, "<>") {
		t.Fatalf("raw < or > in %q (from %q)", out, in)
	}
	for _, bad := range []string{"<!", "<@", "<#", "<http", "```"} {
		if strings.Contains(out, bad) {
			t.Fatalf("%q in %q (from %q)", bad, out, in)
		}
	}
	if badAmp.MatchString(out) {
		t.Fatalf("unescaped & in %q (from %q)", out, in)
	}
	if badBroadcast.MatchString(out) {
		t.Fatalf("bare broadcast in %q (from %q)", out, in)
	}
	for _, r := range out {
		if r == '\u200D' || r == '\u200B' {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("control or format char %U in %q (from %q)", r, out, in)
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{
		"<!channel>", "<@U123>", "<#C1|x>", "<https://evil.example|paypal.com>", "&lt;!channel&gt;", "@here",
		"```", "a\u202Eb", "\xff\xfe", "&amp;amp;", "@\u200bchannel", "<<!!>>", "`\u200b``",
	} {
		f.Add(s)
	}
	for _, b := range corpustest.Seeds(20) {
		// Header-sized slices of real mail: subjects and names live there.
		if len(b) > 2000 {
			b = b[:2000]
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := render.Escape(s)
		checkEscaped(t, s, out)
		if len(out) > 8*len(s)+8 {
			t.Fatalf("output %d bytes from %d", len(out), len(s))
		}
		clean := true
		for _, r := range s {
			if escapeChanges(r) {
				clean = false
				break
			}
		}
		if clean && utf8.ValidString(s) {
			if back := unescape(out); back != s {
				t.Fatalf("round trip: %q → %q → %q", s, out, back)
			}
		}
		// The defanged form is escaped the same way and holds no live URL.
		d := render.Escape(render.DefangText(s))
		checkEscaped(t, s, d)
		if m := liveURL.FindString(d); m != "" {
			t.Fatalf("live URL %q left in %q (from %q)", m, d, s)
		}
	})
}

// FuzzBlocks puts arbitrary strings in every mail-derived field and checks
// the whole payload: limits hold and nothing can form Slack syntax.
func FuzzBlocks(f *testing.F) {
	f.Add("<!channel> urgent", "<@U0123>", "<https://evil.example|paypal.com>", "https://evil.example/x", "a.exe", "ja")
	f.Add(strings.Repeat("件", 4000), "", "", "", "", "en")
	f.Add("```", "@here", "&lt;", "\u202E", "\xff", "")
	f.Fuzz(func(t *testing.T, subject, name, text, url, file, lang string) {
		r := &report.Report{
			Subject: subject,
			Verdict: report.Verdict{Level: subject, Reasons: []report.Reason{{Text: text, TextJA: name}}},
			Origin:  &report.Origin{IP: url, Host: name, Network: &report.Network{Name: text, AbuseEmail: name + "@" + url}},
			Sender:  report.Sender{From: name, DisplayName: name, ReplyTo: text, DKIMDomains: []string{url}},
			Auth:    report.Auth{SPF: text, AuthservID: name},
			Domains: []report.Domain{{Name: url, Roles: []string{text}, Registrant: name, Error: text}},
			Links:   []report.Link{{URL: url, Domain: url, Text: text, Mismatch: true, Unicode: name, Punycode: true}},
			Attachments: []report.Attachment{{Name: file, ContentType: text, SHA256: name, Risk: file,
				RiskReasons: []string{text}}},
			Lookups: []report.Lookup{{Kind: file, Target: url, Status: text, Error: name}},
			Notes:   []string{subject, text},
			Brands:  []report.BrandMatch{{Brand: name, Where: text}},
		}
		o := render.Options{Lang: lang, CaseID: 1, Related: []store.Related{{Case: store.Case{ID: 2, Subject: subject, Permalink: url, Verdict: text}, Matched: []string{"link_domain:" + url, text}}}}
		p, err := render.Payload(r, o)
		if err != nil {
			t.Fatal(err)
		}
		checkLimits(t, render.Blocks(r, o))
		checkNoInjection(t, p, o.Related, false)
	})
}
