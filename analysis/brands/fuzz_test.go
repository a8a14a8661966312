package brands

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// corpusHeaderSeeds returns subjects, display names and From domains of a
// spread of corpus mails (none when the corpus is absent).
func corpusHeaderSeeds(n int) (texts, domains []string) {
	dec := new(mime.WordDecoder)
	for _, raw := range corpustest.Seeds(n) {
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			continue
		}
		s, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
		texts = append(texts, s)
		from := msg.Header.Get("From")
		texts = append(texts, from)
		if i := strings.LastIndexByte(from, '@'); i >= 0 {
			domains = append(domains, strings.Trim(from[i+1:], "> "))
		}
	}
	return texts, domains
}

func FuzzFind(f *testing.F) {
	tb := Default()
	texts, _ := corpusHeaderSeeds(200)
	for _, s := range append(texts, "PayPal", "ＡＭＡＺＯＮ", "ﾗｸﾃﾝ", "MеtаМаsk", "x@google.com", "\xff楽天\x00", "Apple ID", "ｲｵﾝ") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, find := range []func(string) []Hit{tb.Find, tb.FindStrict} {
			seen := map[string]bool{}
			for _, h := range find(s) {
				if h.Brand == nil || h.Match == "" || !strings.Contains(s, h.Match) {
					t.Fatalf("bad hit %+v in %q", h, s)
				}
				if seen[h.Brand.ID] {
					t.Fatalf("brand %s twice in %q", h.Brand.ID, s)
				}
				seen[h.Brand.ID] = true
			}
		}
	})
}

func FuzzLookalikes(f *testing.F) {
	tb := Default()
	_, domains := corpusHeaderSeeds(300)
	for _, d := range append(domains, "paypal-secure-login.com", "xn--pypal-4ve.com", "rakuten-card.co.jp.evil.top", "paypa1.com", "a.b.c.firebaseapp.com", "xn--", "..", "com") {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d string) {
		looks := tb.Lookalikes(d)
		if len(looks) > maxLooks {
			t.Fatalf("%d looks", len(looks))
		}
		for _, l := range looks {
			if l.Brand == nil || l.Evidence == "" || rank(l.Kind) > 3 {
				t.Fatalf("bad look %+v for %q", l, d)
			}
			if tb.Owns(l.Brand, d) {
				t.Fatalf("%q is owned by %s but reported as its lookalike", d, l.Brand.ID)
			}
		}
		tb.OwnerOf(d)
		tb.IsESP(d)
	})
}

func benchText(n int) string {
	var b strings.Builder
	words := []string{"the ", "kernel ", "patch ", "メール ", "確認 ", "account ", "please ", "update ", "groups ", "内容 ", "\n"}
	for i := 0; b.Len() < n; i++ {
		b.WriteString(words[i%len(words)])
	}
	return b.String()
}

func BenchmarkFindSubject(b *testing.B) {
	tb := Default()
	s := "Microsoft account team Microsoft account unusual signin activity"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		tb.Find(s)
	}
}

func BenchmarkFindSubjectJA(b *testing.B) {
	tb := Default()
	s := "楽天カード株式会社 【重要】楽天カードご利用確認のお願い"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		tb.Find(s)
	}
}

func BenchmarkFindStrict10KB(b *testing.B) {
	tb := Default()
	s := benchText(10 << 10)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		tb.FindStrict(s)
	}
}

func BenchmarkLookalikes(b *testing.B) {
	tb := Default()
	for b.Loop() {
		tb.Lookalikes("secure-paypa1-login.example-domain.top")
	}
}

func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		Default()
	}
}

func FuzzNormalizeEntity(f *testing.F) {
	tb := Default()
	for _, b := range tb.Brands() {
		for _, e := range b.Entities {
			f.Add(e)
		}
	}
	for _, s := range []string{"", "株式会社", "㈱", "K.K.", "Inc.", "\xff\xfe", "Ａ，Ｉｎｃ．", "The The The"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeEntity(s)
		if len(n) > 4*MaxEntity {
			t.Fatalf("%d bytes from %d", len(n), len(s))
		}
		for _, b := range tb.EntityOf(s) {
			if !tb.IsEntity(b, s) {
				t.Fatalf("EntityOf(%q) gives %s but IsEntity is false", s, b.ID)
			}
		}
		tb.ProtectionRegistrar(s)
	})
}

func FuzzParseData(f *testing.F) {
	f.Add(string(builtinYAML[:min(len(builtinYAML), 4096)]))
	f.Add("brands:\n  - id: a\n    names: [abcde]\n    domains: [a.example]\n    entities: [A Inc.]\n")
	f.Add("brands: &a [*a]")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64<<10 {
			return
		}
		d, err := ParseData([]byte(s))
		if err != nil {
			return
		}
		if tb, err := NewFromData(d); err == nil {
			tb.Lookalikes("paypal-login.example.top")
			tb.Find(s)
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		d, err := ParseData(builtinYAML)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := NewFromData(d); err != nil {
			b.Fatal(err)
		}
	}
}
