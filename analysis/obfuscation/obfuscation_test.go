package obfuscation

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpusmail"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func kinds(hs []Hit) string {
	var s []string
	for _, h := range hs {
		s = append(s, h.Kind.String()+"/"+h.Field.String())
	}
	return strings.Join(s, ",")
}

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"split dots subject", Input{Subject: "S.e.g.u.r.a.n.ç.a da sua conta"}, "split_word/subject"},
		{"split spaces name", Input{DisplayName: "P a y P a l"}, "split_word/display_name"},
		{"split body", Input{Body: "Your A m a z o n account is on hold."}, "split_word/body"},
		{"irregular dots", Input{Subject: "S.eu e.spaço está cheio"}, "split_word/subject"},
		{"acronyms", Input{Subject: "U.S.A. and e.g. i.e. a.m. the U P S store"}, ""},
		{"body typography", Input{Body: "N E W S L E T T E R and q u o t e s"}, ""},
		{"domain in subject", Input{Subject: "Report for example.com and mail.example.org"}, ""},
		{"zero width", Input{Subject: "Pay\u200bPal account"}, "invisible_chars/subject"},
		{"word joiner jp", Input{Subject: "三井住\u2060友カード"}, "invisible_chars/subject"},
		{"variation selector", Input{DisplayName: "A\ufe0fmazon"}, "invisible_chars/display_name"},
		{"tag chars", Input{Subject: "Ama\U000E0061zon"}, "invisible_chars/subject"},
		{"body threshold", Input{Body: "one Pay\u200bPal only"}, ""},
		{"body many", Input{Body: "Pay\u200bPal Ac\u200bcount Ver\u200bify"}, "invisible_chars/body"},
		{"preheader padding", Input{Body: "Sale today \u034f \u200c \u034f \u200c \u034f \u200c \u034f"}, ""},
		{"emoji zwj", Input{Subject: "Family 👨\u200d👩\u200d👧 ❤\ufe0f"}, ""},
		{"persian zwnj", Input{Subject: "می\u200cخواهم"}, ""},
		{"long word soft hyphen", Input{Body: "Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesellschaft"}, ""},
		{"cyrillic e", Input{Subject: "Nеw Mеssаgе"}, "homoglyph_word/subject"},
		{"greek rho", Input{DisplayName: "Ρaypal"}, "homoglyph_word/display_name"},
		{"armenian o", Input{Body: "Micrօsoft"}, "homoglyph_word/body"},
		{"math letters", Input{DisplayName: "𝗲𝗯𝗮𝘆 Support"}, "homoglyph_word/display_name"},
		{"small capitals", Input{DisplayName: "--ᴘᴀʏᴍᴇɴᴛ ᴅᴇᴄʟɪɴᴇᴅ--"}, "homoglyph_word/display_name"},
		{"a phonetic transcription", Input{Subject: "Say it /ˈfɪʃɪŋ/ not /ˈfiːʃ/"}, ""},
		{"fullwidth mix", Input{Subject: "Ａmazon"}, "homoglyph_word/subject"},
		{"russian text", Input{Body: "Привет, как дела? Москва"}, ""},
		{"japanese fullwidth", Input{Subject: "ＡＢＣマート 会員様へ"}, ""},
		{"greek text", Input{Body: "Καλημέρα σας"}, ""},
		{"address in subject", Input{Subject: "Mailbox quota for john.doe@example.com", Recipients: []string{"John.Doe@Example.com"}}, "recipient_in_subject/subject"},
		{"local in subject", Input{Subject: "john.doe: password expires", Recipients: []string{"john.doe@example.com"}}, "recipient_in_subject/subject"},
		{"address in the subject of a blind copy", Input{Subject: "john.doe@example.com, your credit score is updated"}, "recipient_in_subject/subject"},
		{"role address in the subject of a blind copy", Input{Subject: "Write to support@example.com for help"}, ""},
		{"sender's own address in the subject of a blind copy", Input{Subject: "Confirm your subscription to news@list.example", From: "news@list.example"}, ""},
		{"a mailing list's address", Input{Subject: "Re: rpm-list@lists.example", Recipients: []string{"rpm-list@lists.example"}, ListAddress: "rpm-list@lists.example"}, ""},
		{"a mailing list's address, recipients hidden", Input{Subject: "Re: rpm-list@lists.example", ListAddress: "rpm-list@lists.example"}, ""},
		{"someone's address with the recipients shown", Input{Subject: "Re: hauns@example.com", Recipients: []string{"me@example.org"}}, ""},
		{"greeting address", Input{Body: "Dear jdoe@example.com,\nyour mailbox", Recipients: []string{"jdoe@example.com"}}, "recipient_in_subject/body"},
		{"greeting local lower", Input{Body: "Hello jdoe,\nverify", Recipients: []string{"jdoe@example.com"}}, "recipient_in_subject/body"},
		{"greeting first name", Input{Body: "Hi John,\nour newsletter", Recipients: []string{"john@example.com"}}, ""},
		{"first name subject", Input{Subject: "John, 20% off today", Recipients: []string{"john@example.com"}}, ""},
		{"list tag", Input{Subject: "[PATCH] io-uring: fix; x86/mm: y [sugar] z", Recipients: []string{"io-uring@vger.kernel.org", "x86@kernel.org", "sugar@lists.example.org"}}, ""},
		{"honorific", Input{Body: "taro.yamada様\nお支払い", Recipients: []string{"taro.yamada@example.jp"}}, "recipient_in_subject/body"},
		{"generic local", Input{Subject: "info: update", Recipients: []string{"info@example.com"}}, ""},
		// Ⱥ lower-cases a byte longer and İ a byte shorter: offsets found in
		// the lower-cased head must still point into the head.
		{"greeting after growing letters", Input{Body: strings.Repeat("Ⱥ", 150) + " Dear jdoe@example.com,\nverify", Recipients: []string{"jdoe@example.com"}}, "recipient_in_subject/body"},
		{"honorific after shrinking letters", Input{Body: strings.Repeat("İ", 100) + "\ntaro.yamada様", Recipients: []string{"taro.yamada@example.jp"}}, "recipient_in_subject/body"},
		{"local part after a growing letter", Input{Subject: "Ⱥ invoice for john.doe99", Recipients: []string{"john.doe99@example.com"}}, "recipient_in_subject/subject"},
		{"local part after invalid UTF-8", Input{Subject: "\xff invoice for JOHN.DOE99", Recipients: []string{"john.doe99@example.com"}}, "recipient_in_subject/subject"},
		{"padded name", Input{DisplayName: "PayPal                                        "}, "encoded_display_name/display_name"},
		{"invisible padded", Input{DisplayName: "\u200b\u200b\u200bApple"}, "encoded_display_name/display_name"},
		{"still encoded", Input{DisplayName: "=?utf-8?B?QW1hem9u?="}, "encoded_display_name/display_name"},
		{"other address", Input{DisplayName: "service@paypal.com", From: "x@evil.example"}, "encoded_display_name/display_name"},
		{"own address", Input{DisplayName: "john@example.com", From: "john@mail.example.com"}, ""},
		{"ordinary", Input{Subject: "Lunch on Friday?", DisplayName: "Alice Smith", From: "alice@example.com", Body: "Hi Bob, lunch at noon? Alice", Recipients: []string{"bob@example.com"}}, ""},
	}
	for _, tt := range tests {
		hs := Find(tt.in)
		if got := kinds(hs); got != tt.want {
			t.Errorf("%s: %q, want %q (%+v)", tt.name, got, tt.want, hs)
		}
		for _, h := range hs {
			if h.Evidence == "" || len(h.Evidence) > 200 {
				t.Errorf("%s: evidence %q", tt.name, h.Evidence)
			}
		}
	}
}

// tokenIndex returns an offset into s, whatever the lower case of the
// letters around the token does to their lengths.
func TestTokenIndex(t *testing.T) {
	tests := []struct {
		s, local string
		exact    bool
		want     int
	}{
		{"Re: JOHN.DOE99", "john.doe99", false, 4},
		{"Re: JOHN.DOE99", "john.doe99", true, -1},
		{"Re: john.doe99", "john.doe99", true, 4},
		{"xjohn.doe99", "john.doe99", false, -1},
		{"Ⱥ john.doe99", "john.doe99", false, 3},
		{"Ⱥ john.doe99 İ", "john.doe99", false, 3}, // ⱥ a byte longer, i a byte shorter: the same length in all
		{"\u212a JOHN.DOE99 ȺȺ", "john.doe99", false, 4},
		{"\xff john.doe99", "john.doe99", true, 2},
	}
	for _, tt := range tests {
		if got := tokenIndex(tt.s, tt.local, tt.exact); got != tt.want {
			t.Errorf("tokenIndex(%q, %q, %v) = %d, want %d", tt.s, tt.local, tt.exact, got, tt.want)
		}
	}
}

func TestShow(t *testing.T) {
	if got := show("Pay\u200bPal\x01"); got != "Pay<U+200B>Pal<U+0001>" {
		t.Errorf("show = %q", got)
	}
	if got := show("a\U000E0061"); got != "a<U+E0061>" {
		t.Errorf("show = %q", got)
	}
}

func TestNames(t *testing.T) {
	for k := SplitWord; k <= EncodedDisplayName; k++ {
		if k.String() == "unknown" {
			t.Errorf("kind %d", k)
		}
	}
	if Kind(0).String() != "unknown" || Field(9).String() != "unknown" {
		t.Error("out of range")
	}
}

func FuzzFind(f *testing.F) {
	f.Add("S.e.g.u.r.a.n.ç.a", "P a y P a l", "x@evil.example", "Dear jdoe,\nPay\u200bPal Nеw 𝗲𝗯𝗮𝘆", "jdoe@example.com")
	f.Add("三井住\u2060友カード", "=?utf-8?B?QW1hem9u?=", "", "taro様", "taro@example.jp")
	f.Add("Ⱥ\u212a jdoe.x", "İ", "a@b.example", "ȺȺȺȺ Dear jdoe.x@example.com, \xff", "jdoe.x@example.com")
	f.Add("Ⱥ john.doe99 İ\u212a\xff", "Ⱥİ\u212a\xff", "İ@\u212a.example", "ȺȺ Dear JOHN.DOE99,\nİ\u212a\xff john.doe99様", "John.Doe99@example.com")
	for _, raw := range corpustest.Seeds(40) {
		if m, ok := corpusmail.Read(raw); ok {
			rcpt := ""
			if len(m.Recipients) > 0 {
				rcpt = m.Recipients[0]
			}
			f.Add(m.Subject, m.DisplayName, m.From, clip(m.Body, 8<<10), rcpt)
		}
	}
	f.Fuzz(func(t *testing.T, subject, name, from, body, rcpt string) {
		for _, h := range Find(Input{Subject: subject, DisplayName: name, From: from, Body: body, Recipients: []string{rcpt}}) {
			if h.Kind < SplitWord || h.Kind > EncodedDisplayName || h.Field < InSubject || h.Field > InBody || len(h.Evidence) > 300 {
				t.Fatalf("bad hit %+v", h)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	var body strings.Builder
	for body.Len() < 10<<10 {
		body.WriteString("Hello team, the quarterly report is attached. Please review the order of the sections and " +
			"send comments by Friday. The meeting moved to room 4 at 10:30 — see you there. Danke schön, Ålesund. Alice\n")
	}
	in := Input{Subject: "Quarterly report", DisplayName: "Alice Smith", From: "alice@example.com", Body: body.String(),
		Recipients: []string{"bob.jones@example.com", "team@example.com"}}
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		Find(in)
	}
}
