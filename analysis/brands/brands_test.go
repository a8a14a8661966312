package brands

import (
	"strings"
	"testing"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

func ids(hs []Hit) string {
	var s []string
	for _, h := range hs {
		s = append(s, h.Brand.ID+"="+h.Match)
	}
	return strings.Join(s, ",")
}

func TestDefaultValid(t *testing.T) {
	tb := Default()
	if n := len(tb.Brands()); n < 80 {
		t.Errorf("only %d brands", n)
	}
	for _, b := range tb.Brands() {
		if b.Name == "" {
			t.Errorf("%s: no display name", b.ID)
		}
		for _, d := range b.Domains {
			if d == "jcb" {
				continue // the .jcb brand TLD
			}
			if _, err := publicsuffix.EffectiveTLDPlusOne(d); err != nil {
				t.Errorf("%s: domain %q: %v", b.ID, d, err)
			}
			if tb.IsESP(d) {
				t.Errorf("%s: domain %q is also an ESP", b.ID, d)
			}
			// A brand's own domain is never its own lookalike.
			if l := tb.Lookalikes(d); l != nil {
				t.Errorf("Lookalikes(%q) = %+v, want nil", d, l)
			}
		}
	}
	for _, d := range builtinData().ESPs {
		if tb.OwnerOf(d) != nil {
			t.Errorf("ESP %q is owned by %s", d, tb.OwnerOf(d).ID)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name   string
		brands []Brand
	}{
		{"no id", []Brand{{Names: []string{"abcde"}}}},
		{"duplicate id", []Brand{{ID: "a", Names: []string{"abcde"}}, {ID: "a", Names: []string{"fghij"}}}},
		{"no names", []Brand{{ID: "a"}}},
		{"unknown parent", []Brand{{ID: "a", Names: []string{"abcde"}, Parent: "b"}}},
		{"parent cycle", []Brand{{ID: "a", Names: []string{"abcde"}, Parent: "b"}, {ID: "b", Names: []string{"fghij"}, Parent: "a"}}},
		{"upper-case domain", []Brand{{ID: "a", Names: []string{"abcde"}, Domains: []string{"Example.com"}}}},
		{"shared domain", []Brand{{ID: "a", Names: []string{"abcde"}, Domains: []string{"x.com"}}, {ID: "b", Names: []string{"fghij"}, Domains: []string{"x.com"}}}},
		{"one-letter name", []Brand{{ID: "a", Names: []string{"a"}}}},
	}
	for _, tc := range tests {
		if _, err := New(tc.brands); err == nil {
			t.Errorf("%s: New succeeded, want an error", tc.name)
		}
	}
}

func TestFind(t *testing.T) {
	tb := Default()
	tests := []struct{ text, want string }{
		{"PayPal <service@paypal.com>", "paypal=PayPal"},
		{"ＡＭＡＺＯＮ　アカウント", "amazon=ＡＭＡＺＯＮ"},
		{"Amazon.co.jp", "amazon=Amazon.co.jp"},
		{"アマゾン", "amazon=アマゾン"},
		{"ﾗｸﾃﾝｶｰﾄﾞ", "rakuten=ﾗｸﾃﾝ"},
		{"【楽天カード】ご利用のお知らせ", "rakuten=楽天"},
		{"Rakuten", "rakuten=Rakuten"},
		{"SMARTalkカスタマーセンター", "smartalk=SMARTalk"},
		{"スマートーク", "smartalk=スマートーク"},
		{"三井住友カード", "smbc=三井住友,smbc-card=三井住友カード"},
		{"三菱ＵＦＪ銀行", "mufg=三菱ＵＦＪ"},
		{"ゆうちょ銀行", "yucho=ゆうちょ"},
		{"ヤマト運輸", "yamato=ヤマト運輸"},
		{"ﾄﾞｺﾓ", "docomo=ﾄﾞｺﾓ"},
		{"ETC利用照会サービス", "etc=ETC利用照会"},
		{"国税庁 e-Tax", "nta=国税庁"},
		{"MеtаМаsk", "metamask=MеtаМаsk"},
		{"M̶icrosoft Safe", "microsoft=M̶icrosoft"},
		{"L\ufeffе\ufeffd\ufeffg\ufeffе\ufeffr", "ledger=L\ufeffе\ufeffd\ufeffg\ufeffе\ufeffr"},
		{"𝐍𝐞𝐭𝐟𝐥𝐢𝐱", "netflix=𝐍𝐞𝐭𝐟𝐥𝐢𝐱"},
		{"Microsoft account team", "microsoft=Microsoft"},
		{"Bank of America Alert", "bankofamerica=Bank of America"},
		{"DHL Paket", "dhl=DHL"},
		{"Wells Fargo & PayPal", "wellsfargo=Wells Fargo,paypal=PayPal"},
		// negatives: ordinary words and substrings
		{"ライオン", ""},
		{"startups and groups", ""},
		{"purchase order", ""},
		{"pineapple", ""},
		{"Re: [PATCH] mm: fix the outlooks", ""},
		{"pre-tax", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := ids(tb.Find(tc.text)); got != tc.want {
			t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestFindStrict(t *testing.T) {
	tb := Default()
	tests := []struct{ text, want string }{
		{"Sign in to your Apple ID now", "apple=Apple ID"},
		{"an apple a day", ""},
		{"Signed-off-by: Dev <dev@google.com>", ""},
		{"see https://www.microsoft.com/x", ""},
		{"Visit Google today", "google=Google"},
		{"google it", ""},
		{"PayPalService", ""},
		{"Your PayPal account", "paypal=PayPal"},
		{"楽天カードをご利用", "rakuten=楽天"},
		{"paypal_user", ""},
	}
	for _, tc := range tests {
		if got := ids(tb.FindStrict(tc.text)); got != tc.want {
			t.Errorf("FindStrict(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestFindLongText(t *testing.T) {
	tb := Default()
	long := strings.Repeat("x", MaxText) + " PayPal"
	if h := tb.Find(long); h != nil {
		t.Errorf("Find looked past MaxText: %v", ids(h))
	}
	if h := tb.Find(strings.Repeat("a ", 1000) + "PayPal"); ids(h) != "paypal=PayPal" {
		t.Errorf("Find = %q", ids(h))
	}
}

func TestOwnership(t *testing.T) {
	tb := Default()
	tests := []struct {
		domain string
		owner  string // "" for none
		owns   []string
		notOwn []string
	}{
		{"rakuten.co.jp", "rakuten", []string{"rakuten", "smartalk"}, []string{"amazon"}},
		{"mail.rakuten-card.co.jp", "rakuten", []string{"rakuten"}, nil},
		{"ip-phone-smart.jp", "smartalk", []string{"smartalk", "rakuten"}, []string{"paypal"}},
		{"MAIL.IP-PHONE-SMART.JP.", "smartalk", []string{"smartalk"}, nil},
		{"jp-bank.japanpost.jp", "yucho", []string{"yucho", "japanpost"}, nil},
		{"www.post.japanpost.jp", "japanpost", []string{"japanpost", "yucho"}, nil},
		{"e-tax.nta.go.jp", "nta", []string{"nta"}, nil},
		{"bk.mufg.jp", "mufg", []string{"mufg"}, nil},
		{"vpass.ne.jp", "smbc-card", []string{"smbc-card", "smbc"}, nil},
		{"global.jcb", "jcb", []string{"jcb"}, nil},
		{"paypal.com.evil.top", "", nil, []string{"paypal"}},
		{"notpaypal.com", "", nil, []string{"paypal"}},
		{"rakuten.co.jp.evil.top", "", nil, []string{"rakuten"}},
		{"bma.mpse.jp", "", nil, []string{"smartalk", "rakuten"}},
		{"", "", nil, []string{"paypal"}},
		{"bad domain.com", "", nil, []string{"paypal"}},
	}
	for _, tc := range tests {
		got := tb.OwnerOf(tc.domain)
		switch {
		case tc.owner == "" && got != nil:
			t.Errorf("OwnerOf(%q) = %s, want nil", tc.domain, got.ID)
		case tc.owner != "" && (got == nil || got.ID != tc.owner):
			t.Errorf("OwnerOf(%q) = %v, want %s", tc.domain, got, tc.owner)
		}
		for _, id := range tc.owns {
			if !tb.Owns(tb.ByID(id), tc.domain) {
				t.Errorf("Owns(%s, %q) = false", id, tc.domain)
			}
		}
		for _, id := range tc.notOwn {
			if tb.Owns(tb.ByID(id), tc.domain) {
				t.Errorf("Owns(%s, %q) = true", id, tc.domain)
			}
		}
	}
	if tb.Owns(nil, "paypal.com") {
		t.Error("Owns(nil) = true")
	}
}

func TestSenderAndInfra(t *testing.T) {
	tb := Default()
	ms := tb.ByID("microsoft")
	tests := []struct {
		domain                         string
		ownsSender, esp, free, hostedP bool
	}{
		{"microsoft.com", true, false, false, false},
		{"accountprotection.microsoft.com", true, false, false, false},
		{"outlook.com", false, false, true, false},
		{"hotmail.com", false, false, true, false},
		{"evil.onmicrosoft.com", false, false, false, true},
		{"tenant.sharepoint.com", false, false, false, true},
		{"bma.mpse.jp", false, true, false, false},
		{"emberpoint.com", false, true, false, false},
		{"em123.sendgrid.net", false, true, false, false},
		{"amazonses.com", false, true, false, false},
		{"x.firebaseapp.com", false, false, false, true},
	}
	for _, tc := range tests {
		if got := tb.OwnsSender(ms, tc.domain); got != tc.ownsSender {
			t.Errorf("OwnsSender(microsoft, %q) = %v", tc.domain, got)
		}
		if got := tb.IsESP(tc.domain); got != tc.esp {
			t.Errorf("IsESP(%q) = %v", tc.domain, got)
		}
		if got := tb.IsFreemail(tc.domain); got != tc.free {
			t.Errorf("IsFreemail(%q) = %v", tc.domain, got)
		}
		if got := tb.IsHosted(tc.domain); got != tc.hostedP {
			t.Errorf("IsHosted(%q) = %v", tc.domain, got)
		}
	}
}

func mustPuny(t *testing.T, s string) string {
	t.Helper()
	a, err := idna.Punycode.ToASCII(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLookalikes(t *testing.T) {
	tb := Default()
	tests := []struct {
		domain string
		want   string // "brand:kind,…" or ""
	}{
		{"paypal-secure-login.com", "paypal:embedded"},
		{"rakuten-card.co.jp.evil.top", "rakuten:embedded"},
		{"amazon.co.jp-account.xyz", "amazon:embedded"},
		{"secure.paypal.com.evil.top", "paypal:embedded"},
		{"paypa1.com", "paypal:confusable"},
		{"micros0ft.com", "microsoft:confusable"},
		{"rnicrosoft.com", "microsoft:confusable"},
		{"arnazon.co.jp", "amazon:confusable"},
		{"rakutem.co.jp", "rakuten:edit"},
		{"rakuetn.co.jp", "rakuten:edit"}, // transposition
		{"paypall.net", "paypal:edit"},
		{"micrsooft.com", "microsoft:edit"},
		{mustPuny(t, "pаypal.com"), "paypal:idn"}, // Cyrillic а
		{mustPuny(t, "楽天カード.com"), "rakuten:idn"},
		{"apple-support-id.com", "apple:embedded"},
		{"dhl-tracking.info", "dhl:embedded"},
		{"paypal-login.firebaseapp.com", "paypal:embedded"},
		{"rakuten.xyz", "rakuten:embedded"},
		{"paypal.xyz", ""},                                           // AnyTLD: PayPal holds its name under many TLDs
		{"smbc-card.com.xyz.cn", "smbc:embedded,smbc-card:embedded"}, // SMBC the bank and its card company both
		// negatives
		{"paypal.com", ""},
		{"www.rakuten.co.jp", ""},
		{"google.de", ""},
		{"applebees.com", ""},
		{"x.firebaseapp.com", ""},
		{"tenant.onmicrosoft.com", ""},
		{"amazonses.com", ""},
		{"bma.mpse.jp", ""},
		{"mail.hotmail.example.com", ""},
		{"kernel.org", ""},
		{"lists.debian.org", ""},
		{"chaser.com", ""},
		{"dhlx.com", ""},
		{"tamil.net", ""}, // a word that ends in a short brand's name (Amil)
		{"whims.com", ""},
		{"united.com", ""}, // one letter from Unimed, and a word
		{"", ""},
		{"com", ""},
		{"..", ""},
		{strings.Repeat("a.", 200) + "com", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, l := range tb.Lookalikes(tc.domain) {
			got = append(got, l.Brand.ID+":"+l.Kind)
			if l.Evidence == "" {
				t.Errorf("Lookalikes(%q): empty evidence", tc.domain)
			}
		}
		if g := strings.Join(got, ","); g != tc.want {
			t.Errorf("Lookalikes(%q) = %q, want %q", tc.domain, g, tc.want)
		}
	}
}

func TestDamerau(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"paypal", "paypal", 1, 0},
		{"paypal", "paypa1", 1, 1},
		{"paypal", "payapl", 1, 1},
		{"paypal", "paypl", 1, 1},
		{"paypal", "ppyapl", 1, 2},
		{"microsoft", "micrsooft", 2, 1},
		{"microsoft", "mcirsooft", 2, 2},
		{"abc", "xyzabc", 2, 3},
		{"", "ab", 2, 2},
	}
	for _, tc := range tests {
		if got := damerau(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("damerau(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func TestSkeleton(t *testing.T) {
	tests := []struct{ in, want string }{
		{"paypa1", "paypal"},
		{"rnicrosoft", "mlcrosoft"},
		{"micros0ft", "mlcrosoft"},
		{"vvellsfargo", "wellsfargo"},
		{"rakuten-card", "rakutencard"},
		{"c1oud", "cloud"},
	}
	for _, tc := range tests {
		if got := skeleton(tc.in); got != tc.want {
			t.Errorf("skeleton(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
