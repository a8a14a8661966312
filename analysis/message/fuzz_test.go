package message

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// fuzzSeeds returns hand-made tricky inputs; the corpus adds real mail.
func fuzzSeeds() []string {
	return []string{
		"",
		"From: a@b\n\nbody",
		"From: a@b\r\n\r\nbody",
		"From: a@b\rSubject: x\r\rbody",
		"From a@b Mon Jan 1\nFrom: a@b\n",
		"    From: a@b\n        continued\n    To: c@d\n",
		"From: &lt;<mailto:a@b.c|a@b.c>&gt;\nSubject: &amp;\n",
		"From: a\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\n--b\nContent-Type: multipart/mixed; boundary=b\n\n--b--",
		"From: a\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
		"From: a\nContent-Type: multipart/mixed\n\n--x\n\n--x",
		"From: a\nContent-Type: message/rfc822\n\nFrom: b\nContent-Type: message/rfc822\n\nFrom: c\n\nx",
		"Subject: Fwd: x\nContent-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: application/octet-stream; name=a.eml\nContent-Transfer-Encoding: base64\n\nRnJvbTogYQoKeA==\n--q--",
		"From: a\nContent-Type: text/plain; charset*=x''y; name*0*=%ff; name*99=\n\n=?=?",
		"From: a\nContent-Transfer-Encoding: quoted-printable\n\n=\n=4=\r\n=GG",
		"From: a\nContent-Transfer-Encoding: base64\n\n====a===",
		"From: a\nContent-Type: text/plain; charset=iso-2022-jp\n\n\x1b$B\x1b(B\x1b$",
		"From: a\nContent-Type: text/plain; charset=utf-7\n\n+2D3eAA-+-+",
		"Subject: =?utf-8?B?44GC?= =?iso-2022-jp?B?GyRC?= \xff",
		"From: a\n\t\t\nX-A: b\n \n\t\n",
		// Letters whose lower case has another length, invalid UTF-8.
		"From: Ⱥİ\u212a\xff <a@b>\nSubject: Ⱥİ\u212a\xff\nContent-Type: text/html\n\n<title>\x82\xa0Ⱥİ\u212a\xff</title><META CHARSET=shift_jis><STYLE>Ⱥ</Style>x",
		"From: <maİlto:a@b|Ⱥ> &lt;\u212a&gt;\n\nȺ",
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	for _, b := range corpustest.Seeds(200) {
		f.Add(b)
	}
	lim := Limits{MaxBytes: 1 << 20, MaxDepth: 8, MaxParts: 100, MaxHeaders: 200}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw, lim)
		if err != nil {
			var le *LimitError
			if !errors.Is(err, ErrNoHeaders) && !errors.As(err, &le) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			if m != nil {
				t.Fatal("message returned with an error")
			}
			return
		}
		if len(m.Header) == 0 || len(m.Header) > lim.MaxHeaders {
			t.Fatalf("%d header fields", len(m.Header))
		}
		switch m.Kind {
		case KindEML, KindHeaders, KindForwarded:
		default:
			t.Fatalf("kind %q", m.Kind)
		}
		if m.Unwrapped != (m.Kind == KindForwarded) {
			t.Fatalf("Unwrapped %v with kind %q", m.Unwrapped, m.Kind)
		}
		if m.Kind == KindHeaders && (m.HasBody || len(m.Text)+len(m.HTML)+len(m.Attachments) > 0) {
			t.Fatal("headers-only message with a body")
		}
		for _, f := range m.Header {
			if strings.ContainsAny(f.Key, " \t\r\n:") || f.Key == "" {
				t.Fatalf("bad key %q", f.Key)
			}
			if strings.ContainsAny(f.Value, "\n") {
				t.Fatalf("unfolded value has a line break: %q", f.Value)
			}
		}
		for _, s := range append(m.Text, m.HTML...) {
			if !utf8.ValidString(s) {
				t.Fatalf("body is not UTF-8: %q", s)
			}
		}
		for _, p := range m.Attachments {
			if p.Size != len(p.Data) || p.Size > lim.MaxBytes {
				t.Fatalf("attachment size %d, data %d", p.Size, len(p.Data))
			}
			if !utf8.ValidString(p.Name) {
				t.Fatalf("name is not UTF-8: %q", p.Name)
			}
		}
		if m.Size != len(raw) {
			t.Fatalf("Size %d for %d bytes", m.Size, len(raw))
		}
	})
}

func FuzzDecodeHeader(f *testing.F) {
	for _, s := range []string{
		"", "plain", "=?UTF-8?B?w6k=?=", "=?utf-8?q?a_b?= =?utf-8?q?c?=", "=?", "=?x?", "=?x?B?", "=?x?B??=",
		"=?ISO-2022-JP?B?GyRCJTUlJBsoQg==?=", "=?shift_jis?Q?=82=A0?=", "\x1b$B$\"\x1b(B", "\xff\xfe",
		"=?UTF-8*ja?B?44GC?==?UTF-8?B?44GC?=", "=?utf-7?Q?+ZeVnLIqe-?=", "=?euc-kr?b?x/G=?=",
		// Raw 8-bit Japanese: Shift_JIS, EUC-JP, GBK, and UTF-8 mixed with GBK.
		"[SPAM] \x81y\x8fd\x97v\x81z\x82\xa8\x8ex\x95\xa5\x82\xa2", "\xa5\xa2\xa5\xab\xa5\xa6\xa5\xf3\xa5\xc8\xa4\xce\xb3\xce\xc7\xa7",
		"E T C\xe3\x82\xb5\xa9\x60\xa5\xd3\xa5\xb9\xa4\xce\xa4\xaa\xd6\xaa\xa4\xe9\xa4\xbb", "\xe3\x81\x8a\x98\x94\xa4\xceJCB\xe3\x82\x8b",
		"=?UTF-8?B?gqmCrw==?=", "Caf\xe9", "\xa3100",
	} {
		f.Add(s)
	}
	for _, b := range corpustest.Seeds(200) {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "=?") {
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := DecodeHeader(s)
		if !utf8.ValidString(got) {
			t.Fatalf("DecodeHeader(%q) = %q: not UTF-8", s, got)
		}
		if !strings.Contains(s, "=?") && utf8.ValidString(s) && !strings.Contains(s, "\x1b") && got != s {
			t.Fatalf("plain %q changed to %q", s, got)
		}
		if len(got) > 4*len(s)+16 {
			t.Fatalf("output %d bytes for %d input bytes", len(got), len(s))
		}
	})
}
