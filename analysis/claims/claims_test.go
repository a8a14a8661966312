package claims

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/brands"
)

var table = brands.Default()

func TestFind(t *testing.T) {
	tests := []struct {
		name     string
		in       Input
		claims   map[string]Where // brand ID → where
		mentions []string         // brand IDs only mentioned
	}{
		{"display name", Input{DisplayName: "Amazon.co.jp", From: "amazon.co.jp@gjhdld.icu"},
			map[string]Where{"amazon": DisplayName}, nil},
		{"brand-shaped local part", Input{DisplayName: "support", From: "support-amazon.jp@sgnagw.cn"},
			map[string]Where{"amazon": FromAddress}, nil},
		{"brand domain in local part", Input{From: "account-update-rakuten.co.jp@ml01.01.org"},
			map[string]Where{"rakuten": FromAddress}, nil},
		{"subject tag after list tag", Input{Subject: "[Industrypack-devel] ＜重要＞【三井住友カード】ご利用確認のお願い"},
			map[string]Where{"smbc-card": SubjectTag}, nil},
		{"colon lead", Input{Subject: "SMARTalk:クレジットカード情報の更新のお願い"},
			map[string]Where{"smartalk": SubjectTag}, nil},
		{"news subject only mentions", Input{Subject: "CNET: Microsoft reveals media XP details", From: "newsletter@cnet.com"},
			nil, []string{"microsoft"}},
		{"news sentence only mentions", Input{Subject: "Slashdot reports that Amazon still wants to patent it"},
			nil, []string{"amazon"}},
		{"discussion lead is not a tag", Input{Subject: "Re: Google Summer of Code: results are out"},
			nil, []string{"google"}},
		{"account at the brand", Input{Subject: "ご利用のAmazonアカウントを一時保留いたしました"},
			map[string]Where{"amazon": SubjectAccount}, nil},
		{"copyright line", Input{Body: "Hello,\nyour order shipped.\n\n© 2024 PayPal, Inc. All rights reserved."},
			map[string]Where{"paypal": Signature}, nil},
		{"running text mentions", Input{Body: "You can also pay with PayPal or by card at checkout."},
			nil, []string{"paypal"}},
		{"logo alt in the header, not footer icons", Input{HTML: `<img alt="PayPal" src="x"><p>hi</p><img alt="x"><img alt="y"><img alt="Facebook">`},
			map[string]Where{"paypal": LogoAlt}, nil},
		{"a partner's logo under the sender's own name", Input{DisplayName: "Lyft Receipts", HTML: `<img alt="Chase">`}, nil, nil},
		{"a person at the brand's domain is not the brand", Input{DisplayName: "Dylan Yudaken", From: "dylany@meta.com"}, nil, nil},
		{"a role address at the brand's domain is", Input{DisplayName: "info", From: "info@amazon.co.jp"}, map[string]Where{"amazon": FromAddress}, nil},
		{"a thread about a brand is not a tag", Input{Subject: "[OT] Re: Gmail (was: Dual licensing)"}, nil, []string{"google"}},
		{"bounce body is not the bounce's", Input{Body: "© 2024 PayPal, Inc.", Bounce: true}, nil, nil},
		{"spaced letters", Input{DisplayName: "P a y P a l"}, map[string]Where{"paypal": DisplayName}, nil},
		{"a broker under the insurer's name", Input{DisplayName: "Proposta Planos Amil", From: "cotar@e.example.com"}, map[string]Where{"amil": DisplayName}, nil},
		{"a given name that is also an insurer's", Input{DisplayName: "Amil Patel"}, map[string]Where{}, nil},
		{"a small firm's AAA", Input{DisplayName: "AAA Plumbing & Heating"}, map[string]Where{}, nil},
		{"the club's own AAA", Input{DisplayName: "AAA Membership Services"}, map[string]Where{"aaa": DisplayName}, nil},
		{"a tax authority's name", Input{DisplayName: "Secretaría de Hacienda y Crédito Público"}, map[string]Where{"satmx": DisplayName}, nil},
		{"spaced letters in quotes and emoji", Input{DisplayName: "_✔️\"U P S\"._"}, map[string]Where{"ups": DisplayName}, nil},
		{"spaced letters around an emoji", Input{DisplayName: "D 📦 H L"}, map[string]Where{"dhl": DisplayName}, nil},
		{"dotted brand", Input{DisplayName: "Pay.Pal."}, map[string]Where{"paypal": DisplayName}, nil},
		{"dashed brand", Input{DisplayName: "Net-flix Billing"}, map[string]Where{"netflix": DisplayName}, nil},
		{"hyphenated name is no brand", Input{DisplayName: "Jean-Luc Picard"}, map[string]Where{}, nil},
		{"an endorsement in the possessive", Input{DisplayName: "Elon's Green Code", From: "medianruian@ninjamaths.example"},
			map[string]Where{"elonmusk": DisplayName}, nil},
		{"a university named Elon is not Elon Musk", Input{DisplayName: "Elon University", From: "news@elon.example"}, map[string]Where{}, nil},
		{"an insurer's name on a quote offer", Input{DisplayName: "Exclusive State Farm Offer", From: "renew7zky6@0815-clan.example"},
			map[string]Where{"statefarm": DisplayName}, nil},
		{"a brand in the local part", Input{DisplayName: "Investissez", From: "totalenergies@ffkja.example"},
			map[string]Where{"totalenergies": FromAddress}, nil},
		// Text whose lower case is longer (Ⱥ) or shorter (İ, the Kelvin
		// sign) than itself before an image: the alt text is still found
		// where it is, not at an offset into the lower-cased HTML.
		{"logo alt after growing letters", Input{HTML: strings.Repeat("Ⱥ", 40) + `<img alt="PayPal">`},
			map[string]Where{"paypal": LogoAlt}, nil},
		{"logo alt after shrinking letters", Input{HTML: strings.Repeat("İ\u212a", 10) + `<IMG ALT="PayPal" src="x">`},
			map[string]Where{"paypal": LogoAlt}, nil},
		{"logo alt after invalid UTF-8", Input{HTML: "\xff\xfe<p>" + `<img alt="PayPal">`},
			map[string]Where{"paypal": LogoAlt}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find(table, tt.in)
			seen := map[string]Where{}
			for _, c := range got.Claims {
				seen[c.Brand.ID] = c.Where
			}
			for id, w := range tt.claims {
				if seen[id] != w {
					t.Errorf("claim %s = %v, want %v (all %+v)", id, seen[id], w, seen)
				}
			}
			if len(tt.claims) == 0 && len(got.Claims) > 0 {
				t.Errorf("unexpected claims %+v", seen)
			}
			var ms []string
			for _, m := range got.Mentions {
				ms = append(ms, m.Brand.ID)
			}
			for _, id := range tt.mentions {
				found := false
				for _, m := range ms {
					found = found || m == id
				}
				if !found {
					t.Errorf("mention %s missing in %v", id, ms)
				}
			}
		})
	}
}

func TestWhereStrings(t *testing.T) {
	for w := DisplayName; w <= SubjectAccount; w++ {
		if w.String() == "unknown" {
			t.Errorf("%d has no name", w)
		}
	}
	if SubjectAccount.Strong() || !DisplayName.Strong() {
		t.Error("Strong wrong")
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Amazon.co.jp", "amazon.co.jp@x.icu", "【楽天市場】ご注文", "© 2024 PayPal, Inc.", `<img alt="Visa">`)
	f.Add("", "@", "[", "\n", "<img alt='")
	f.Add("Ⱥİ\u212a\xff", "İ@\u212a.jp", "Ⱥ: ȺİK\xff", "© Ⱥİ\u212a\xff Inc.", "Ⱥİ\u212a\xff<img alt=\"Ⱥ\">")
	f.Fuzz(func(t *testing.T, display, from, subject, body, html string) {
		r := Find(table, Input{DisplayName: display, From: from, Subject: subject, Body: body, HTML: html})
		for _, c := range r.Claims {
			if c.Brand == nil || c.Where == 0 {
				t.Fatalf("bad claim %+v", c)
			}
		}
	})
}
