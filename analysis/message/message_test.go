package message

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

func encode(t *testing.T, enc encoding.Encoding, s string) string {
	t.Helper()
	b, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const simpleMail = `Received: from mx.example.net (mx.example.net [192.0.2.1])
	by mail.example.com with ESMTP id 123;
	Mon, 1 Jan 2024 10:00:00 +0000
From: Alice <alice@example.net>
To: bob@example.com
Subject: Hello
Message-ID: <1@example.net>
Content-Type: text/plain; charset=utf-8

Hi Bob,
see you.
`

func TestParseLineEndings(t *testing.T) {
	tests := []struct {
		name, in string
		note     string
	}{
		{"LF", simpleMail, ""},
		{"CRLF", crlf(simpleMail), ""},
		{"bare CR", strings.ReplaceAll(simpleMail, "\n", "\r"), "line ends were bare CR"},
		{"mbox From line", "From alice@example.net Mon Jan  1 10:00:00 2024\n" + simpleMail, "skipped an mbox \"From \" line before the headers"},
		{"leading blank lines", "\n\n  \n" + simpleMail, ""},
		{"UTF-8 byte order mark", "\xef\xbb\xbf" + crlf(simpleMail), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != KindEML || !m.HasBody || m.Unwrapped {
				t.Errorf("Kind=%q HasBody=%v Unwrapped=%v", m.Kind, m.HasBody, m.Unwrapped)
			}
			if len(m.Header) != 6 {
				t.Errorf("got %d fields: %q", len(m.Header), m.Header)
			}
			if got, want := m.Header.Get("received"), "from mx.example.net (mx.example.net [192.0.2.1]) by mail.example.com with ESMTP id 123; Mon, 1 Jan 2024 10:00:00 +0000"; got != want {
				t.Errorf("Received = %q, want %q", got, want)
			}
			if got := m.Header.Get("SUBJECT"); got != "Hello" {
				t.Errorf("Subject = %q", got)
			}
			if len(m.Text) != 1 || m.Text[0] != "Hi Bob,\nsee you.\n" {
				t.Errorf("Text = %q", m.Text)
			}
			if tt.note != "" && !slices.Contains(m.Notes, tt.note) {
				t.Errorf("notes %q lack %q", m.Notes, tt.note)
			}
			if tt.note == "" && len(m.Notes) != 0 {
				t.Errorf("unexpected notes %q", m.Notes)
			}
			if m.Size != len(tt.in) {
				t.Errorf("Size = %d, want %d", m.Size, len(tt.in))
			}
		})
	}
}

func TestParsePastedHeaders(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantFields int
		wantFrom   string
		wantKind   string
		wantNote   string
	}{
		{
			name: "indented by a mail client, no body",
			in: "Here are the headers:\n\n    Received: from mx.example.net ([192.0.2.1])\n" +
				"        by mail.example.com; Mon, 1 Jan 2024 10:00:00 +0000\n    From: Alice <alice@example.net>\n    Subject: Hi\n",
			wantFields: 3, wantFrom: "Alice <alice@example.net>", wantKind: KindHeaders,
			wantNote: "removed the indentation of pasted header lines",
		},
		{
			name:       "tab indented with body",
			in:         "\tFrom: a@example.net\n\tTo: b@example.com\n\n\tbody text\n",
			wantFields: 2, wantFrom: "a@example.net", wantKind: KindEML,
		},
		{
			name: "Slack escaped",
			in: "Received: from x.example (&lt;<http://x.example|x.example>&gt; [192.0.2.9])\n" +
				"From: &quot;Bank&quot; &lt;<mailto:alert@bank.example|alert@bank.example>&gt;\n" +
				"Subject: Tom &amp; Jerry\nReply-To: <mailto:x@evil.example>\n",
			wantFields: 4, wantFrom: "&quot;Bank&quot; <alert@bank.example>", wantKind: KindHeaders,
			wantNote: "undid Slack formatting (&lt; &gt; &amp; escapes and link markup)",
		},
		{
			name:       "blank line missing before body",
			in:         "From: a@example.net\nSubject: x\nHello there, this is the body\nand more of it\n",
			wantFields: 2, wantFrom: "a@example.net", wantKind: KindEML,
			wantNote: "no blank line between the headers and the body",
		},
		{
			name:       "malformed line inside the header block is skipped",
			in:         "From: a@example.net\nthis line has no colon\nSubject: x\n\nbody\n",
			wantFields: 2, wantFrom: "a@example.net", wantKind: KindEML,
		},
		{
			name:       "blank-only line followed by more headers (Exchange)",
			in:         "From: a@example.net\n\t\t\nX-IncomingHeaderCount: 8\nSubject: x\n\nbody\n",
			wantFields: 3, wantFrom: "a@example.net", wantKind: KindEML,
		},
		{
			name:       "prose with a colon before the headers",
			in:         "Note: look at this\nWhy: it is odd\n\nFrom: a@example.net\nSubject: x\n",
			wantFields: 2, wantFrom: "a@example.net", wantKind: KindHeaders,
			wantNote: "skipped 2 lines of text before the first header",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Header) != tt.wantFields {
				t.Errorf("got %d fields %q, want %d", len(m.Header), m.Header, tt.wantFields)
			}
			if got := m.Header.Get("From"); got != tt.wantFrom {
				t.Errorf("From = %q, want %q", got, tt.wantFrom)
			}
			if m.Kind != tt.wantKind {
				t.Errorf("Kind = %q, want %q", m.Kind, tt.wantKind)
			}
			if tt.wantNote != "" && !slices.Contains(m.Notes, tt.wantNote) {
				t.Errorf("notes %q lack %q", m.Notes, tt.wantNote)
			}
		})
	}
}

func TestSlackDetection(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"From: a &lt;a@b.example&gt;", true},
		{"From: <mailto:a@b.example|a@b.example>", true},
		{"See <https://x.example>", true},
		{"From: A <a@b.example>\n&amp;", false}, // a raw address: not through Slack
		{"<html><body>&amp;</body></html>", false},
		{"From: a@b.example", false},
		{"<mailto:a@b.example|a> and <b@c.example>", false},
		// İ lower-cases to the one byte 'i': "maİlto:" is no scheme
		// (and cut after 7 bytes it left "o:a@b.example"'s tail).
		{"From: <maİlto:a@b.example>", false},
		{"From: <MAILTO:a@b.example|a@b.example>", true},
	}
	for _, tt := range tests {
		if got := looksSlackEscaped([]byte(tt.in)); got != tt.want {
			t.Errorf("looksSlackEscaped(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if got := string(slackUnescape([]byte("&lt;<mailto:a@b.example|a@b.example>&gt; <http://x.example/?a=1&amp;b=2> &amp;lt;"))); got != "<a@b.example> http://x.example/?a=1&b=2 &lt;" {
		t.Errorf("slackUnescape = %q", got)
	}
}

func TestParseJapanese(t *testing.T) {
	const subject = "【重要】アカウントの確認"
	const body = "お客様のアカウントを確認してください。\n①②③ ～ 髙橋\n"
	word := func(cs string, b string) string {
		return "=?" + cs + "?B?" + base64.StdEncoding.EncodeToString([]byte(b)) + "?="
	}
	// ① and 髙 are outside JIS X 0208 proper; keep them only where the charset has them.
	plainBody := "お客様のアカウントを確認してください。\n"
	tests := []struct {
		name     string
		charset  string
		subject  string // raw header value
		body     []byte
		cte      string
		wantBody string
	}{
		{"ISO-2022-JP 7bit", "ISO-2022-JP", word("ISO-2022-JP", encode(t, japanese.ISO2022JP, subject)),
			[]byte(encode(t, japanese.ISO2022JP, plainBody)), "7bit", plainBody},
		{"Shift_JIS base64", "Shift_JIS", word("shift_jis", encode(t, japanese.ShiftJIS, subject)),
			[]byte(base64.StdEncoding.EncodeToString([]byte(encode(t, japanese.ShiftJIS, body)))), "base64", body},
		{"CP932 label", "cp932", word("Shift_JIS", encode(t, japanese.ShiftJIS, subject)),
			[]byte(encode(t, japanese.ShiftJIS, body)), "8bit", body},
		{"EUC-JP 8bit", "EUC-JP", word("EUC-JP", encode(t, japanese.EUCJP, subject)),
			[]byte(encode(t, japanese.EUCJP, plainBody)), "8bit", plainBody},
		{"UTF-8 QP", "utf-8", word("UTF-8", subject),
			[]byte(qpEncode(body)), "quoted-printable", body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fmt.Sprintf("From: a@example.jp\nSubject: %s\nContent-Type: text/plain; charset=\"%s\"\nContent-Transfer-Encoding: %s\n\n%s",
				tt.subject, tt.charset, tt.cte, tt.body)
			m, err := Parse([]byte(in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got := DecodeHeader(m.Header.Get("Subject")); got != subject {
				t.Errorf("subject = %q, want %q", got, subject)
			}
			if len(m.Text) != 1 || m.Text[0] != tt.wantBody {
				t.Errorf("body = %q, want %q", m.Text, tt.wantBody)
			}
			if len(m.Notes) != 0 {
				t.Errorf("notes: %q", m.Notes)
			}
		})
	}
}

func qpEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n':
			b.WriteString("\n")
		case c >= 0x80 || c == '=':
			fmt.Fprintf(&b, "=%02X", c)
			if i%20 == 0 {
				b.WriteString("=\n") // soft line break
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestParseMIME(t *testing.T) {
	in := `From: a@example.net
Subject: parts
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

preamble
--outer
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Caf=E9 =3D ok   =
soft
--inner
Content-Type: text/html; charset=windows-1252
Content-Transfer-Encoding: base64

PGI+Q2Fm6SCAPC9iPg=
=
--inner--
--outer
Content-Type: application/pdf; name="=?UTF-8?B?6KuL5rGC5pu4LnBkZg==?="
Content-Disposition: attachment
Content-Transfer-Encoding: base64

JVBERi0x
LjQK
--outer
Content-Type: application/octet-stream
Content-Disposition: attachment; filename*=iso-8859-1''r%E9sum%E9.docm

PK
--outer
Content-Type: image/png
Content-Disposition: inline; filename*0="lo"; filename*1="go.png"
Content-Transfer-Encoding: base64

iVBORw0K GgoAAAA	NSUhE!!UgAA
--outer
Content-Type: text/plain; name=notes.txt

attached text
--outer--
epilogue
`
	m, err := Parse([]byte(in), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Café = ok   soft"}; !slices.Equal(m.Text, want) {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	if want := []string{"<b>Café €</b>"}; !slices.Equal(m.HTML, want) {
		t.Errorf("HTML = %q, want %q", m.HTML, want)
	}
	want := []Part{
		{Name: "請求書.pdf", ContentType: "application/pdf", Disposition: "attachment", Data: []byte("%PDF-1.4\n")},
		{Name: "résumé.docm", ContentType: "application/octet-stream", Disposition: "attachment", Data: []byte("PK")},
		{Name: "logo.png", ContentType: "image/png", Disposition: "inline", Data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")},
		{Name: "notes.txt", ContentType: "text/plain", Data: []byte("attached text")},
	}
	if len(m.Attachments) != len(want) {
		t.Fatalf("got %d attachments: %+v", len(m.Attachments), m.Attachments)
	}
	for i, w := range want {
		g := m.Attachments[i]
		if g.Name != w.Name || g.ContentType != w.ContentType || g.Disposition != w.Disposition || string(g.Data) != string(w.Data) || g.Size != len(w.Data) {
			t.Errorf("attachment %d = {%q %q %q %q %d}, want {%q %q %q %q}", i, g.Name, g.ContentType, g.Disposition, g.Data, g.Size, w.Name, w.ContentType, w.Disposition, w.Data)
		}
	}
	if len(m.Notes) != 0 {
		t.Errorf("notes: %q", m.Notes)
	}
}

func TestParseBrokenMIME(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantText []string
		wantNote string
	}{
		{"boundary never closes",
			"From: a@x.example\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\n",
			[]string{"one", "two\n"}, "a multipart body ends without its closing boundary"},
		{"boundary parameter missing",
			"From: a@x.example\nContent-Type: multipart/mixed\n\n--zz\n\nhello\n--zz--\n",
			[]string{"hello"}, "a multipart part has no boundary parameter: used the first delimiter line found"},
		{"boundary absent from body",
			"From: a@x.example\nContent-Type: multipart/mixed; boundary=q\n\njust text\n",
			[]string{"just text\n"}, "a multipart boundary never appears in its body: read it as plain text"},
		{"longer boundary sharing a prefix",
			"From: a@x.example\nContent-Type: multipart/mixed; boundary=ab\n\n--ab\nContent-Type: multipart/alternative; boundary=abc\n\n--abc\n\ninner\n--abc--\n--ab--\n",
			[]string{"inner"}, ""},
		{"unknown charset",
			"From: a@x.example\nContent-Type: text/plain; charset=x-klingon\n\nqa\xffpla\n",
			[]string{"qa\uFFFDpla\n"}, "unknown charset \"x-klingon\": decoded as UTF-8 with replacement characters"},
		{"charset label with junk",
			"From: a@x.example\nContent-Type: text/plain; charset=\"UTF-8\u201d\"\n\nok\n",
			[]string{"ok\n"}, ""},
		{"odd transfer encoding",
			"From: a@x.example\nContent-Transfer-Encoding: 8bit+\n\nok\n",
			[]string{"ok\n"}, ""},
		{"html meta charset",
			"From: a@x.example\nContent-Type: text/html\n\n<meta charset=\"iso-8859-1\">\xe9",
			nil, ""},
		{"UTF-7",
			"From: a@x.example\nContent-Type: text/plain; charset=unicode-1-1-utf-7\n\nHi Mom -+Jjo--!\n",
			[]string{"Hi Mom -☺-!\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantText != nil && !slices.Equal(m.Text, tt.wantText) {
				t.Errorf("Text = %q, want %q", m.Text, tt.wantText)
			}
			if tt.wantNote != "" && !slices.Contains(m.Notes, tt.wantNote) {
				t.Errorf("notes %q lack %q", m.Notes, tt.wantNote)
			}
			if tt.wantNote == "" && len(m.Notes) != 0 {
				t.Errorf("unexpected notes %q", m.Notes)
			}
		})
	}
	m, err := Parse([]byte("From: a@x.example\nContent-Type: text/html\n\n<meta charset=\"iso-8859-1\">\xe9"), Limits{})
	if err != nil || len(m.HTML) != 1 || m.HTML[0] != "<meta charset=\"iso-8859-1\">é" {
		t.Errorf("meta charset: %v %q", err, m.HTML)
	}
	// Shift_JIS text before the meta element: invalid UTF-8, which
	// bytes.ToLower made three bytes a byte.
	m, err = Parse([]byte("From: a@x.example\nContent-Type: text/html\n\n<title>\x82\xa0\x82\xa2</title><meta charset=\"Shift_JIS\">\x82\xa4"), Limits{})
	if err != nil || len(m.HTML) != 1 || m.HTML[0] != "<title>あい</title><meta charset=\"Shift_JIS\">う" {
		t.Errorf("meta charset after Shift_JIS: %v %q", err, m.HTML)
	}
}

func TestMetaCharset(t *testing.T) {
	sjis := strings.Repeat("\x82\xa0", 20) // あ×20 in Shift_JIS
	tests := []struct{ in, want string }{
		{"", ""},
		{`<meta charset="utf-8">`, "utf-8"},
		{`<META HTTP-EQUIV="Content-Type" CONTENT="text/html; CHARSET=ISO-2022-JP">`, "ISO-2022-JP"},
		// Bytes before the meta element whose lower case has another
		// length: the charset is read where the offset points in html.
		{"<title>" + sjis + `</title><meta charset="shift_jis">`, "shift_jis"},
		{"<title>\x82\xa0\x82\xa2</title><meta charset=euc-jp>", "euc-jp"},
		{strings.Repeat("Ⱥ", 5) + `<meta charset="utf-8">`, "utf-8"},
		{"\u212a\u212aİ<META CHARSET=UTF-8>", "UTF-8"},
	}
	for _, tt := range tests {
		if got := metaCharset([]byte(tt.in)); got != tt.want {
			t.Errorf("metaCharset(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const original = `Received: from evil.example ([203.0.113.5]) by mx.victim.example; Mon, 1 Jan 2024 09:00:00 +0000
From: "Bank" <alert@evil.example>
To: victim@victim.example
Subject: Verify your account
Content-Type: text/html; charset=utf-8

<a href="http://evil.example/login">bank.example</a>
`

func forward(subject, outerType, comment string, attached ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Victim <victim@victim.example>\nTo: security@victim.example\nSubject: %s\nContent-Type: %s; boundary=\"fwd\"\n\n--fwd\nContent-Type: text/plain\n\n%s\n", subject, outerType, comment)
	for _, a := range attached {
		b.WriteString("--fwd\n" + a)
	}
	b.WriteString("--fwd--\n")
	return b.String()
}

func TestParseForwarded(t *testing.T) {
	rfc822 := "Content-Type: message/rfc822\n\n" + original
	emlFile := "Content-Type: application/octet-stream; name=\"phish.eml\"\nContent-Disposition: attachment; filename=\"phish.eml\"\nContent-Transfer-Encoding: base64\n\n" +
		base64.StdEncoding.EncodeToString([]byte(crlf(original))) + "\n"
	second := "Content-Type: message/rfc822\n\nFrom: other@example.net\nSubject: second\n\nx\n"
	long := strings.Repeat("This newsletter has a lot to say. ", 100)
	status := "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; x@example\nAction: failed\n"
	tests := []struct {
		name          string
		in            string
		wantUnwrapped bool
		wantAttach    int
		wantNote      string
	}{
		{"Fwd: with message/rfc822", forward("Fwd: Verify your account", "multipart/mixed", long, rfc822), true, 0,
			`unwrapped the original message attached to a forward (forwarded by "Victim <victim@victim.example>", subject "Fwd: Verify your account")`},
		{"short comment, .eml as octet-stream", forward("phish?", "multipart/mixed", "is this real?", emlFile), true, 0, ""},
		{"FW: with two attached messages", forward("FW: two", "multipart/mixed", long, rfc822, second), true, 1,
			"the forward had 1 more attached messages; only the first was analyzed (the others are listed as attachments)"},
		{"転送 subject", forward("=?UTF-8?B?6Lui6YCBOiDnorroqo0=?=", "multipart/mixed", long, rfc822), true, 0, ""},
		{"long body, no forward subject", forward("Weekly digest", "multipart/mixed", long, rfc822), false, 1, ""},
		{"bounce report", forward("Undelivered Mail Returned to Sender", "multipart/report; report-type=delivery-status", "could not be delivered", status, rfc822), false, 2, ""},
		{"report type alone", forward("Fwd: looks like a forward", "multipart/report; report-type=feedback-report", "x", rfc822), false, 1, ""},
		{"bounce without report type", forward("hello", "multipart/mixed", "Your mail could not be delivered: mailbox is full.", rfc822), false, 1, ""},
		{"attached message is not a mail", forward("Fwd: x", "multipart/mixed", "", "Content-Type: message/rfc822\n\n\x00\x01\x02 binary\n"), false, 1,
			"an attached message could not be read as a mail, so the forward itself was analyzed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Unwrapped != tt.wantUnwrapped {
				t.Fatalf("Unwrapped = %v, want %v (notes %q)", m.Unwrapped, tt.wantUnwrapped, m.Notes)
			}
			if len(m.Attachments) != tt.wantAttach {
				t.Errorf("got %d attachments, want %d", len(m.Attachments), tt.wantAttach)
			}
			if tt.wantNote != "" && !slices.Contains(m.Notes, tt.wantNote) {
				t.Errorf("notes %q lack %q", m.Notes, tt.wantNote)
			}
			if !tt.wantUnwrapped {
				if m.Kind != KindEML || !strings.HasPrefix(m.Header.Get("From"), "Victim") {
					t.Errorf("Kind %q From %q: the forward itself should be returned", m.Kind, m.Header.Get("From"))
				}
				return
			}
			if m.Kind != KindForwarded || m.Header.Get("Subject") != "Verify your account" || m.Header.Get("From") != `"Bank" <alert@evil.example>` {
				t.Errorf("Kind %q Subject %q From %q: want the original", m.Kind, m.Header.Get("Subject"), m.Header.Get("From"))
			}
			if len(m.HTML) != 1 || !strings.Contains(m.HTML[0], "http://evil.example/login") || len(m.Text) != 0 {
				t.Errorf("original bodies: text %q html %q", m.Text, m.HTML)
			}
			if !m.HasBody {
				t.Error("HasBody = false")
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	deep := "From: a@x.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
	for i := 1; i <= 12; i++ {
		deep += fmt.Sprintf("--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i-1, i)
	}
	many := "From: a@x.example\nContent-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("--b\n\nx\n", 600) + "--b--\n"
	manyHeaders := strings.Repeat("X-A: 1\n", 1001) + "\nbody\n"
	bigPart := "From: a@x.example\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n" + strings.Repeat("QUFB", 400) + "\n"
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7 + i/13)
	}
	tests := []struct {
		name  string
		in    []byte
		lim   Limits
		limit string // LimitError.What, or "" for ErrNoHeaders
		msg   string
	}{
		{"empty", nil, Limits{}, "", "empty input: not a mail: no header fields found"},
		{"white space", []byte(" \n\r\n\t"), Limits{}, "", "empty input: not a mail: no header fields found"},
		{"binary junk", junk, Limits{}, "", "not a mail: no header fields found"},
		{"prose", []byte("Hello: this is just a note\nand nothing else\n"), Limits{}, "", "not a mail: no header fields found"},
		{"too big", []byte(simpleMail), Limits{MaxBytes: 100}, LimitInput, fmt.Sprintf("input is %d bytes, over the 100 bytes limit", len(simpleMail))},
		{"too big MB", make([]byte, 30<<20), Limits{}, LimitInput, "input is 30 MB, over the 25 MB limit"},
		{"too deep", []byte(deep), Limits{}, LimitDepth, "MIME parts are nested 11 levels deep, over the limit of 10"},
		{"too many parts", []byte(many), Limits{}, LimitParts, "message has more than 500 MIME parts (the limit)"},
		{"too many headers", []byte(manyHeaders), Limits{}, LimitHeaders, "a header block has more than 1000 fields (the limit)"},
		{"part too big", []byte(bigPart), Limits{MaxPartBytes: 1000}, LimitPart, "a decoded MIME part is 1 KB, over the 1000 bytes limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.in, tt.lim)
			if err == nil {
				t.Fatalf("no error; got %d fields, kind %q", len(m.Header), m.Kind)
			}
			if m != nil {
				t.Error("non-nil message with error")
			}
			var le *LimitError
			switch {
			case tt.limit == "" && !errors.Is(err, ErrNoHeaders):
				t.Errorf("err = %v, want ErrNoHeaders", err)
			case tt.limit != "" && (!errors.As(err, &le) || le.What != tt.limit):
				t.Errorf("err = %#v, want LimitError %q", err, tt.limit)
			}
			if err.Error() != tt.msg {
				t.Errorf("message %q, want %q", err.Error(), tt.msg)
			}
		})
	}
}

func TestLargeHeaderLine(t *testing.T) {
	in := "From: a@x.example\nSubject: " + strings.Repeat("A", 10<<20) + "\n\nbody\n"
	m, err := Parse([]byte(in), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Header.Get("Subject")); got != 10<<20 {
		t.Errorf("subject length %d", got)
	}
	folded := "From: a@x.example\nSubject: x" + strings.Repeat("\n y", 200000) + "\n\nbody\n"
	if m, err = Parse([]byte(folded), Limits{}); err != nil || len(m.Header.Get("Subject")) != 400001 {
		t.Errorf("folded: %v", err)
	}
}

func TestHeaderValues(t *testing.T) {
	h := Header{{"Received", "a"}, {"From", "x"}, {"received", "b"}}
	if got := h.Values("RECEIVED"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Values = %q", got)
	}
	if h.Get("to") != "" || h.Values("to") != nil {
		t.Error("missing key should give zero values")
	}
}

func TestDefaultLimits(t *testing.T) {
	d := DefaultLimits()
	if d.MaxBytes != 25<<20 || d.MaxDepth != 10 || d.MaxParts != 500 || d.MaxHeaders != 1000 || d.MaxPartBytes != d.MaxBytes {
		t.Errorf("DefaultLimits = %+v", d)
	}
	if got := (Limits{MaxBytes: 100}).withDefaults(); got.MaxPartBytes != 100 || got.MaxDepth != 10 {
		t.Errorf("withDefaults = %+v", got)
	}
}

// TestHostileInputs feeds inputs that cost quadratic time or unbounded
// recursion in a naive parser; each must finish fast with a clear result.
func TestHostileInputs(t *testing.T) {
	chain := strings.Repeat("From: a@x.example\nContent-Type: message/rfc822\n\n", 40) + "From: z@x.example\n\nend\n"
	unknownBlock := strings.Repeat("Foo: "+strings.Repeat("x", 300)+"\n", 60)
	tests := []struct {
		name  string
		run   func() error
		check func(error) bool
	}{
		{"many open encoded words", func() error { DecodeHeader(strings.Repeat("=?a?B?", 400000)); return nil }, nil},
		{"many open words, one close at the end", func() error { DecodeHeader(strings.Repeat("=?a?B?x", 300000) + "?="); return nil }, nil},
		{"many words split by line breaks", func() error { DecodeHeader(strings.Repeat("=?a?Q?x\n", 300000) + "?="); return nil }, nil},
		{"raw 8-bit text with a UTF-8 character every few bytes", func() error {
			DecodeHeader(strings.Repeat("あ\x82\xa0\x98", 2600)) // under maxLegacyHeader: every reading is tried
			DecodeHeader(strings.Repeat("=?utf-8?q?=E3=81=82=82?=", 4000))
			return nil
		}, nil},
		{"long junk without colon", func() error { _, err := Parse([]byte(strings.Repeat("x", 20<<20)), Limits{}); return err },
			func(err error) bool { return errors.Is(err, ErrNoHeaders) }},
		{"unknown header-like blocks before the mail", func() error {
			_, err := Parse([]byte(strings.Repeat(unknownBlock+"\n", 3)+simpleMail), Limits{})
			return err
		}, nil},
		{"message/rfc822 chain", func() error { _, err := Parse([]byte(chain), Limits{}); return err },
			func(err error) bool { var le *LimitError; return errors.As(err, &le) && le.What == LimitDepth }},
		{"thousands of parameters", func() error {
			_, err := Parse([]byte("From: a@x.example\nContent-Type: text/plain"+strings.Repeat("; a*1*=%41; b=2", 200000)+"\n\nx\n"), Limits{})
			return err
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.run()
			if tt.check == nil && err != nil || tt.check != nil && !tt.check(err) {
				t.Errorf("err = %v", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestForwardSubject(t *testing.T) {
	tests := map[string]bool{
		"Fwd: invoice": true, "FW: invoice": true, "fw : x": true, "Re: Fwd: x": true, "[list] FWD: x": true,
		"転送: 請求書": true, "TR: facture": true, "WG: Rechnung": true, "hello (fwd)": true,
		"Forward planning": false, "Invoice": false, "": false, "Fwdx": false,
	}
	for in, want := range tests {
		if got := forwardSubject(in); got != want {
			t.Errorf("forwardSubject(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseHTMLForwardAndDigest(t *testing.T) {
	htmlFwd := "From: v@victim.example\nSubject: look\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p style=\"" +
		strings.Repeat("x", 5000) + "\">Is this phishing?</p>\n--b\nContent-Type: message/rfc822\n\n" + original + "--b--\n"
	m, err := Parse([]byte(htmlFwd), Limits{})
	if err != nil || !m.Unwrapped {
		t.Fatalf("short HTML comment with long markup should unwrap: %v %+v", err, m)
	}
	digest := "From: list@x.example\nContent-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a@x.example\nSubject: one\n\nfirst\n--d\n\nFrom: b@x.example\nSubject: two\n\nsecond\n--d--\n"
	m, err = Parse([]byte(digest), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Unwrapped || len(m.Attachments) != 2 || m.Attachments[0].ContentType != "message/rfc822" || len(m.Text) != 0 {
		t.Errorf("digest: unwrapped %v, attachments %+v, text %q", m.Unwrapped, m.Attachments, m.Text)
	}
}

// TestParseBlankFoldedLines reads a fixture shaped like a mailing list's
// SpamAssassin report: X-Spam-Report folds several lines of only blanks in a
// row after raw 8-bit text, and From and Subject come after it. Those lines
// must not end the header.
func TestParseBlankFoldedLines(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "spam_report_fold.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, variant := range []struct {
		name string
		data []byte
	}{{"LF", raw}, {"CRLF", []byte(crlf(string(raw)))}} {
		t.Run(variant.name, func(t *testing.T) {
			m, err := Parse(variant.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := DecodeHeader(m.Header.Get("Subject")), "[List] 【メルカリ】"; got != want {
				t.Errorf("Subject = %q, want %q", got, want)
			}
			if got := m.Header.Get("From"); !strings.Contains(got, "<list@lists.example.org>") {
				t.Errorf("From = %q", got)
			}
			if got := m.Header.Get("Reply-To"); !strings.Contains(got, "support@sender.example") {
				t.Errorf("Reply-To = %q", got)
			}
			rep := m.Header.Get("X-Spam-Report")
			if !strings.Contains(rep, "Content analysis details") || !strings.Contains(rep, "RDNS_NONE") {
				t.Errorf("X-Spam-Report cut short: %q", rep)
			}
			if len(m.Text) != 1 || strings.TrimSpace(m.Text[0]) != "本文です。" {
				t.Errorf("body = %q", m.Text)
			}
		})
	}
	// An empty line still ends the header, also after lines of only blanks.
	m, err := Parse([]byte("From: a@example.net\nX-Note: x\n  \n\t\n\nSubject: body text\n"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("Subject") != "" || len(m.Text) != 1 || !strings.Contains(m.Text[0], "Subject: body text") {
		t.Errorf("empty line did not end the header: %q, body %q", m.Header, m.Text)
	}
}
