package lures

import (
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	s := Default()
	if s.Len() < 300 {
		t.Errorf("only %d phrases", s.Len())
	}
	kinds := map[string]bool{}
	for _, e := range builtin() {
		kinds[e.kind] = true
	}
	for _, k := range []string{Credential, Account, Payment, Urgency, Delivery, Invoice, Prize, Crypto, Tax, Offer} {
		if !kinds[k] {
			t.Errorf("no phrases of kind %s", k)
		}
	}
	if len(kinds) != 10 {
		t.Errorf("unexpected kinds: %v", kinds)
	}
}

func TestNewSetErrors(t *testing.T) {
	tests := []struct {
		name string
		es   []entry
	}{
		{"duplicate after folding", []entry{{Credential, "verify", false}, {Account, "ＶＥＲＩＦＹ", true}}},
		{"too short", []entry{{Credential, "a", false}}},
		{"empty", nil},
	}
	for _, tc := range tests {
		if _, err := newSet(tc.es); err == nil {
			t.Errorf("%s: newSet succeeded, want an error", tc.name)
		}
	}
}

type want struct {
	kind, phrase string
	subject      bool
}

func TestFind(t *testing.T) {
	s := Default()
	tests := []struct {
		name          string
		subject, body string
		want          []want // strong hits only, in order
	}{
		{"en credential", "Action Required: Verify your account", "Please verify your account within 24 hours.",
			[]want{{Urgency, "action required", true}, {Credential, "verify your account", true}, {Urgency, "within 24 hours", false}}},
		{"en suspended", "", "Your account has been suspended. Click here to restore your account.",
			[]want{{Account, "account has been suspended", false}, {Credential, "click here to restore", false}, {Account, "restore your account", false}}},
		{"en case and spacing", "UNUSUAL SIGN-IN ACTIVITY", "",
			[]want{{Credential, "unusual sign-in activity", true}}},
		{"en full width and homoglyphs", "Ｖｅｒｉｆｙ ｙｏｕｒ ａｃｃｏｕｎｔ", "Yоur ассоunt hаѕ bееn ѕuѕреndеd",
			[]want{{Credential, "verify your account", true}, {Account, "account has been suspended", false}}},
		{"en document", "", "John shared a file with you. You have received a document to review and sign.",
			[]want{{Invoice, "shared a file with you", false}, {Invoice, "you have received a document", false}, {Invoice, "review and sign", false}}},
		{"en mailbox", "Mailbox storage full", "Validate your mailbox",
			[]want{{Credential, "mailbox storage", true}, {Credential, "storage full", true}, {Credential, "validate your mailbox", false}}},
		{"ja card", "【重要】クレジットカード情報の更新のお願い", "ご本人確認のため、24時間以内にログインしてください。",
			[]want{{Payment, "クレジットカード情報の更新", true}, {Payment, "カード情報", true}, {Credential, "情報の更新", true}, {Payment, "更新のお願い", true},
				{Credential, "ご本人確認", false}, {Credential, "本人確認", false}, {Urgency, "24時間以内", false}, {Credential, "ログインしてください", false}}},
		{"ja half width", "ｱｶｳﾝﾄが停止されました", "",
			[]want{{Account, "アカウントが停止", true}}},
		{"ja delivery", "お荷物のお届けについて", "ご不在のため持ち帰りました。再配達はこちら",
			[]want{{Delivery, "お荷物", true}, {Delivery, "不在", false}, {Delivery, "再配達", false}}},
		{"ja tax and etc", "ETC利用照会サービス", "還付金のお知らせ 未納の税金",
			[]want{{Account, "ETC利用照会サービス", true}, {Tax, "還付金", false}, {Payment, "未納", false}, {Tax, "税金", false}}},
		{"ja full width digits", "２４時間以内にご確認ください", "",
			[]want{{Urgency, "24時間以内", true}}},
		{"same phrase once", "verify your account", "verify your account",
			[]want{{Credential, "verify your account", true}}},
		{"offer", "VIAGRA and Cialis without a prescription", "Potenzmittel ohne Rezept",
			[]want{{Offer, "viagra", true}, {Offer, "cialis", true}, {Offer, "without a prescription", true},
				{Offer, "potenzmittel", false}, {Offer, "ohne rezept", false}}},
		{"offer: dating, loans, casino", "I am 19 years old, looking for a lover", "Personal loans for everyone. Online-Casino: eerste storting verdubbeld.",
			[]want{{Offer, "looking for a lover", true}, {Offer, "personal loan", false}, {Offer, "casino", false}, {Offer, "eerste storting", false}}},
		{"offer: dating in Dutch", "Nieuw privébericht van je Oekraïense meisje", "Let op! Je krijgt naaktfoto's te zien. Plan een spannende afspraak.",
			[]want{{Offer, "oekraïense meisje", true}, {Offer, "naaktfoto", false}, {Offer, "spannende afspraak", false}}},
		{"offer: cams", "I am so lonely and so sexy", "BongaCams: live sex cams",
			[]want{{Offer, "so sexy", true}, {Offer, "live sex", false}, {Offer, "sex cam", false}}},
		{"prize: France's training account", "Vous avez des droits CPF non utilisés", "Votre compte personnel de formation expire.",
			[]want{{Prize, "droits cpf", true}, {Tax, "cpf", true}, {Prize, "compte personnel de formation", false}}},
		{"crypto: a payment announced", "We're excited to confirm a Bitcoin transfer", "It's time to initiate a payment to your Bitcoin address.",
			[]want{{Crypto, "bitcoin transfer", true}, {Crypto, "payment to your bitcoin", false}}},
		{"account: access limited", "Warning: unauthorized ATM transaction", "We have temporary limited your access. Your accounts will be reactivated.",
			[]want{{Account, "unauthorized atm", true}, {Account, "limited your access", false}, {Account, "will be reactivated", false}}},
		{"offer: dating, credit, work at home", "Date Hot Ukrainian women: your $7,500 credit line was approved", "Earn $500 a day from home. Loans for bad credit.",
			[]want{{Offer, "hot ukrainian", true}, {Offer, "ukrainian women", true}, {Offer, "credit line was approved", true}, {Offer, "a day from home", false}, {Offer, "for bad credit", false}}},
		{"prize: selected, in German and Dutch", "Sie wurden ausgewählt!", "Gefeliciteerd, je bent geselecteerd. Claim je prijs.",
			[]want{{Prize, "sie wurden ausgewählt", true}, {Prize, "je bent geselecteerd", false}, {Prize, "claim je", false}}},
		{"urgency: a deletion today", "Payment failed: Your Photos Will Be Deleted Today!!", "",
			[]want{{Payment, "payment failed", true}, {Urgency, "photos will be deleted", true}, {Urgency, "will be deleted today", true}}},
		{"offer ja", "【出会い系】人妻とセフレ", "",
			[]want{{Offer, "出会い系", true}, {Offer, "人妻", true}, {Offer, "セフレ", true}}},
		{"plain legit", "Re: [PATCH] mm: fix page table walk", "This fixes a race in the page table walker.",
			nil},
		{"empty", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []want
			for _, h := range s.Find(tc.subject, tc.body) {
				if h.Match == "" {
					t.Errorf("empty match for %+v", h)
				}
				if !h.Weak {
					got = append(got, want{h.Kind, h.Phrase, h.InSubject})
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("Find = %v\nwant %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("Find = %v\nwant %v", got, tc.want)
				}
			}
		})
	}
}

func TestFindWeak(t *testing.T) {
	s := Default()
	hits := s.Find("Invoice", "Your password and login")
	var weak []string
	for _, h := range hits {
		if !h.Weak {
			t.Errorf("strong hit %+v", h)
		}
		weak = append(weak, h.Phrase)
	}
	if strings.Join(weak, ",") != "invoice,password,login" {
		t.Errorf("weak hits = %v", weak)
	}
	if ks := Kinds(hits, false); strings.Join(ks, ",") != "invoice,credential" {
		t.Errorf("Kinds = %v", ks)
	}
	if ks := Kinds(hits, true); len(ks) != 0 {
		t.Errorf("strong Kinds = %v", ks)
	}
}

func TestFindAll(t *testing.T) {
	s := Default()
	tests := []struct {
		name, subject, body string
		want                string // every hit's phrase, weak ones too
	}{
		{"stem continues", "", "it was deactivating", "deactivat"},
		{"short katakana needs a boundary", "ブロック", "", ""},
		{"short katakana alone", "ロックされました", "", "ロック"},
		{"ascii word boundary", "", "unpaidbill nonurgent taxonomy", ""},
		{"ascii word", "", "an unpaid bill", "unpaid"},
		{"apostrophe", "", "you won't believe it", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, h := range s.Find(tc.subject, tc.body) {
			got = append(got, h.Phrase)
		}
		if g := strings.Join(got, ","); g != tc.want {
			t.Errorf("%s: Find = %q, want %q", tc.name, g, tc.want)
		}
	}
}

func TestFindBounds(t *testing.T) {
	s := Default()
	body := strings.Repeat("lorem ipsum ", MaxBody/12+10) + "verify your account"
	if h := s.Find("", body); len(h) != 0 {
		t.Errorf("Find looked past MaxBody: %+v", h)
	}
	subj := strings.Repeat("x", MaxSubject) + " verify your account"
	if h := s.Find(subj, ""); len(h) != 0 {
		t.Errorf("Find looked past MaxSubject: %+v", h)
	}
}

func FuzzFind(f *testing.F) {
	s := Default()
	for _, seed := range roughSeeds(150) {
		f.Add(seed[0], seed[1])
	}
	f.Add("【重要】ｱｶｳﾝﾄ停止", "verify your account\xff")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, subject, body string) {
		seen := map[string]bool{}
		for _, h := range s.Find(subject, body) {
			if seen[h.Phrase] {
				t.Fatalf("phrase %q twice", h.Phrase)
			}
			seen[h.Phrase] = true
			src := body
			if h.InSubject {
				src = subject
			}
			if h.Match == "" || !strings.Contains(src, h.Match) {
				t.Fatalf("match %q not in its source", h.Match)
			}
		}
	})
}

func BenchmarkFindSubject(b *testing.B) {
	s := Default()
	subj := "【重要】楽天カード ご利用確認のお願い Verify your account"
	for b.Loop() {
		s.Find(subj, "")
	}
}

func BenchmarkFind10KB(b *testing.B) {
	s := Default()
	var sb strings.Builder
	words := []string{"the ", "kernel ", "patch ", "メール ", "確認 ", "account ", "please ", "update ", "groups ", "内容 ", "\n"}
	for i := 0; sb.Len() < 10<<10; i++ {
		sb.WriteString(words[i%len(words)])
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		s.Find("Re: your request", body)
	}
}
