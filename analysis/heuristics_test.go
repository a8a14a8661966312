package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/analysis/report"
)

func TestHeuristics(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"random token", randomToken, "Notificação Emitida - Zi9yvh51JBhF", "Zi9yvh51JBhF"},
		{"random token, hex id", randomToken, "[PATCH] fix a1b2c3d4e5f6 regression", ""},
		{"random token, CamelCase word", randomToken, "Re: JavaScriptCore crash", ""},
		{"random token, version", randomToken, "Release v2.4.1 of LibreOffice7", ""},
		{"org display name", orgDisplayName, "PayPal Support Team", "support"},
		{"org display name, person", orgDisplayName, "John Smith", ""},
		{"org display name, bracket tag", orgDisplayName, "[BB] - Seu saldo", "[BB] - Seu saldo"},
		{"org display name, long number", orgDisplayName, "Resgate 94322041419", "a long number"},
		{"org display name, japanese", orgDisplayName, "SMARTalkカスタマーセンター", "カスタマー"},
		{"org display name, underscores around", orgDisplayName, "__FALLGIFTGUIDE____", "__FALLGIFTGUIDE____"},
		{"org display name, hashes around", orgDisplayName, "#Consumer_Rewards#", "#Consumer_Rewards#"},
		{"org display name, glued ampersand", orgDisplayName, "Volgen&Tracen", "Volgen&Tracen"},
		{"org display name, letters and digits beside a word", orgDisplayName, "Ropo12g Gaming", "Ropo12g Gaming"},
		{"org display name, cut at a rune", orgDisplayName, "_Ünïcödé_Ünïcödé_Ü_", "_Ünïcödé_Ünïc"},
		{"org display name, a handle", orgDisplayName, "sm00th_trac3r", ""},
		{"org display name, a couple", orgDisplayName, "John & Mary Smith", ""},
		{"org display name, a numbered Japanese name", orgDisplayName, "山田 2号", ""},
		{"hash buster", hashBuster, "Dear member,\n" + strings.Repeat("qwzx", 20) + "\n", strings.Repeat("qwzx", 15)},
		{"hash buster, prose", hashBuster, "Pneumonoultramicroscopicsilicovolcanoconiosis is long but not that long", ""},
		{"hash buster, url", hashBuster, "https://example.com/a/very/long/path/with/many/segments/and/words/in/it", ""},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: f(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// A spam filter's flag weighs in the verdict only when the recipient's own
// provider wrote it; a relay's or the sender's is shown, never counted.
func TestProviderStageTrust(t *testing.T) {
	trusted := "X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=23.0 required=5.0 tests=BAYES_99\r\n" +
		"Received: from mail.evil.example (mail.evil.example [192.0.2.7]) by mx.google.com with ESMTPS id x; Wed, 15 Dec 2021 01:00:41 -0800\r\n" +
		"From: a@evil.example\r\nSubject: hi\r\n\r\nbody\r\n"
	below := "Received: from mail.evil.example (mail.evil.example [192.0.2.7]) by mx.google.com with ESMTPS id x; Wed, 15 Dec 2021 01:00:41 -0800\r\n" +
		"X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=23.0 required=5.0 tests=BAYES_99\r\n" +
		"From: a@evil.example\r\nSubject: hi\r\n\r\nbody\r\n"
	for _, tt := range []struct {
		raw     string
		counted bool
	}{{trusted, true}, {below, false}} {
		msg, err := message.Parse([]byte(tt.raw), message.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		p, ops := providerStage(msg.Header, received.Walk(msg.Header, received.DefaultTrust()))
		if (p.FilterFlag != "") != tt.counted || len(ops) == 0 {
			t.Errorf("counted=%v: flag %q, opinions %+v", tt.counted, p.FilterFlag, ops)
		}
	}
}

// A From address no mail system sends from is forged; a bounce's null
// sender, an empty "From: <>" and the recipient's own address are not
// judged. A malformed From is judged only when its address is usable and
// is not the recipient's own, and never on a bounce.
func TestFromDefect(t *testing.T) {
	tests := []struct {
		name, from, to string
		defect         evidence.AddressDefect
		flaw           identity.FromFlaw
	}{
		{"real domain", "Correios <aviso@correios.com.br>", "a@example.jp", evidence.AddressUsable, identity.FromWellFormed},
		{"no top-level domain", "Correios <aviso@correios>", "a@example.jp", evidence.AddressNoDomain, identity.FromWellFormed},
		{"undelegated top-level domain", "Shop <promo@deals.shopping-now>", "a@example.jp", evidence.AddressNoDomain, identity.FromWellFormed},
		{"comma for a dot", "BAHNGUTSCHEIN <promo@dreamdeals24,com>", "a@example.jp", evidence.AddressNoDomain, identity.FromWellFormed},
		{"private suffix is real", "Ville <ville@iki.fi>", "a@example.jp", evidence.AddressUsable, identity.FromWellFormed},
		{"name, no address", `"Facebook" <>`, "a@example.jp", evidence.AddressMissing, identity.FromWellFormed},
		{"null sender, no name", "<>", "a@example.jp", evidence.AddressUsable, identity.FromWellFormed},
		{"bounce", "MAILER-DAEMON <>", "a@example.jp", evidence.AddressUsable, identity.FromWellFormed},
		{"bounce with a bare system name", "Mail Delivery Subsystem <MAILER-DAEMON>", "a@example.jp", evidence.AddressUsable, identity.FromWellFormed},
		{"recipient's own address", "me <me@pot>", "me@pot", evidence.AddressUsable, identity.FromWellFormed},
		{"recipient's own address as the name", "me@example.jp <me@example.jp>", "me@example.jp", evidence.AddressUsable, identity.FromWellFormed},
		{"name set off by a comma", `"Ihr Gewinner-Team", <service@stayfriends.de>`, "a@example.jp", evidence.AddressUsable, identity.FromStrayPart},
		{"no real domain and a stray name", "Correios, <aviso@correios>", "a@example.jp", evidence.AddressNoDomain, identity.FromWellFormed},
	}
	for _, tt := range tests {
		raw := "From: " + tt.from + "\r\nTo: " + tt.to + "\r\nSubject: x\r\n\r\nbody\r\n"
		msg, err := message.Parse([]byte(raw), message.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		s := senderStage(msg.Header, identityStage(msg.Header), recipients(msg.Header), brands.Default())
		if s.FromDefect != tt.defect || s.FromFlaw != tt.flaw {
			t.Errorf("%s: FromDefect, FromFlaw = %d, %d, want %d, %d", tt.name, s.FromDefect, s.FromFlaw, tt.defect, tt.flaw)
		}
	}
}

// The sender's local part as written says whether a program made it:
// letters in random case, random letters, or a name with a serial number
// at an organization's own domain.
func TestThrowawayMachineLocal(t *testing.T) {
	tests := []struct {
		name, from string
		want       bool
	}{
		{"letters in random case", `"Real Home Coverage." <JndLebIg@slave.example.com>`, true},
		{"random case kept through quoting", `<eDFYQnOr@deck.example.com>`, true},
		{"words run together", `Thos Stew <ThosStew@example.com>`, false},
		{"a name with a capital", `Damien <Damien.LeMoal@example.com>`, false},
		{"random letters", `<lgzaupnfxckodtb@example.com>`, true},
		{"a name with a serial at an organization", `<smith_thomas_40941@ali001.example.com>`, true},
		{"a name with a serial at free mail", `<smith_thomas_40941@gmail.com>`, false},
	}
	for _, tt := range tests {
		raw := "From: " + tt.from + "\r\nTo: a@example.jp\r\nSubject: x\r\n\r\nbody\r\n"
		msg, err := message.Parse([]byte(raw), message.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		table := brands.Default()
		s := senderStage(msg.Header, identityStage(msg.Header), recipients(msg.Header), table)
		got := slices.Contains(throwawayStage(s, nil, table), evidence.ThrowawayMachineLocal)
		if got != tt.want {
			t.Errorf("%s: machine-made local part = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A system address is a bounce only under a mail system's name.
func TestIsBounce(t *testing.T) {
	tests := []struct {
		from, ctype string
		want        bool
	}{
		{"MAILER-DAEMON <mailer-daemon@mx.example.jp>", "text/plain", true},
		{"postmaster@mx.example.jp", "text/plain", true},
		{"Mail Delivery System <MAILER-DAEMON@mx.example.jp>", "text/plain", true},
		{"MAILER-DAEMON <>", "text/plain", true},
		{"Robinhood <postmaster@mg.example.com>", "text/plain", false},
		{`"Facebook" <>`, "text/plain", false},
		{"Microsoft Outlook <postmaster@contoso.example>", "multipart/report; report-type=delivery-status", true},
	}
	for _, tt := range tests {
		raw := "From: " + tt.from + "\r\nContent-Type: " + tt.ctype + "\r\nSubject: x\r\n\r\nbody\r\n"
		msg, err := message.Parse([]byte(raw), message.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		ids := identityStage(msg.Header)
		if got := isBounce(msg.Header, ids.From, ids.DisplayName); got != tt.want {
			t.Errorf("isBounce(%q) = %v, want %v", tt.from, got, tt.want)
		}
	}
}

// The display name is shown beside the subject in every inbox, and the
// attachments' names under it: a lure written there is read as one in the
// subject.
func TestLureInPreview(t *testing.T) {
	a := New(Deps{})
	tests := []struct {
		name, displayName, subject string
		attachments                []report.Attachment
		bounce                     bool
		want                       string // phrase found, "" for none
	}{
		{"a prize", "Herzlichen Glückwunsch!", "Verpassen Sie es nicht!", nil, false, "glückwunsch"},
		{"an offer", "Casino for you", "Your Welcome Package awaits", nil, false, "casino"},
		{"a file name", "Donna Edwards", "Hello", []report.Attachment{{Name: "Bitcoin__Transfer__0.7495.pdf"}}, false, "bitcoin transfer"},
		{"a person", "Anna Schmidt", "Verpassen Sie es nicht!", []report.Attachment{{Name: "Urlaub-2025.jpg"}}, false, ""},
		{"a bounce's returned file", "Mail Delivery System", "Undelivered Mail Returned to Sender",
			[]report.Attachment{{Name: "Bitcoin__Transfer__0.7495.pdf"}}, true, ""},
	}
	for _, tt := range tests {
		c := contentStage(a, preview{tt.subject, tt.displayName, tt.attachments}, "", nil, evidence.Sender{Bounce: tt.bounce})
		got := ""
		for _, l := range c.Lures {
			if l.InSubject {
				got = l.Phrase
			}
		}
		if got != tt.want {
			t.Errorf("%s: lure %q, want %q", tt.name, got, tt.want)
		}
	}
}
