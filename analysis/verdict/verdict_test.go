package verdict

import (
	"github.com/checkmail/checkmail/analysis/infra"
	"github.com/checkmail/checkmail/analysis/obfuscation"
	"github.com/checkmail/checkmail/analysis/scams"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/claims"
	"github.com/checkmail/checkmail/analysis/evidence"
	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/ownership"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/team"
)

var table = brands.Default()

func TestRulesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if r.Code == "" || seen[r.Code] || r.Check == nil || r.EN == "" || r.JA == "" {
			t.Errorf("bad rule %+v", r.Code)
		}
		if r.Weight <= 0 && r.Attack {
			t.Errorf("%s: only evidence toward phishing can be attack evidence", r.Code)
		}
		seen[r.Code] = true
		// Every sign toward phishing has a family, except the provider's
		// own ratings (someone else's verdict, not independent evidence).
		if _, ok := families[r.Code]; r.Weight > 0 && !ok && !strings.HasPrefix(r.Code, "provider_") && r.Code != "filter_flagged" {
			t.Errorf("%s: no evidence family", r.Code)
		}
	}
	for code := range families {
		if !seen[code] {
			t.Errorf("family of unknown rule %s", code)
		}
	}
}

// Signs of two families corroborate each other; two of one family, or a
// provider's rating, do not.
func TestCorroboration(t *testing.T) {
	tests := []struct {
		name string
		ev   evidence.Evidence
		want bool
	}{
		{"content and links", evidence.Evidence{
			Content: evidence.Content{Lures: []evidence.Lure{{Kind: evidence.LurePrize, Phrase: "you have won"}}, SuspiciousTLD: []string{"x.icu"}},
		}, true},
		{"two of content", evidence.Evidence{
			Content: evidence.Content{Lures: []evidence.Lure{{Kind: evidence.LurePrize, Phrase: "you have won"}, {Kind: evidence.LureUrgency, Phrase: "act now"}}},
		}, false},
		{"links on an abused TLD and a bare IP", evidence.Evidence{
			Content: evidence.Content{SuspiciousTLD: []string{"promo.x.icu"}},
			Links:   evidence.Links{All: []report.Link{{URL: "http://192.0.2.1/a", Domain: "192.0.2.1", IPLiteral: true}}},
		}, false},
		{"a sender on an abused TLD and a bare IP", evidence.Evidence{
			Sender:  evidence.Sender{Identities: identity.Identities{From: "a@x.icu", FromDomain: "x.icu"}, Throwaway: []evidence.Throwaway{evidence.ThrowawayAbusedTLD}},
			Content: evidence.Content{SuspiciousTLD: []string{"x.icu"}},
			Links:   evidence.Links{All: []report.Link{{URL: "http://192.0.2.1/a", Domain: "192.0.2.1", IPLiteral: true}}},
		}, true},
		{"content and the provider", evidence.Evidence{
			Content:  evidence.Content{Lures: []evidence.Lure{{Kind: evidence.LurePrize, Phrase: "you have won"}}},
			Provider: evidence.Provider{SCL: 9},
		}, false},
	}
	for _, tt := range tests {
		tt.ev.Brands = table
		v := Decide(&tt.ev)
		got := false
		for _, r := range v.Reasons {
			got = got || r.Code == corroboration.Code
		}
		if got != tt.want {
			t.Errorf("%s: corroborated = %v, want %v (%+v)", tt.name, got, tt.want, v.Reasons)
		}
	}
}

func paypalClaim(where claims.Where) []claims.Claim {
	return []claims.Claim{{Brand: table.ByID("paypal"), Where: where, Text: "PayPal"}}
}

func finding(d string, s ownership.Status, b ownership.Basis) ownership.Finding {
	return ownership.Finding{Domain: d, Roles: []string{report.RoleFrom}, Brand: table.ByID("paypal"), Status: s, Basis: b, AgeDays: -1}
}

// Every rule's sentences take the evidence its check gives, in both
// languages: no %!(EXTRA …) or %!s(MISSING) in any reason.
func TestReasonsAreWellFormed(t *testing.T) {
	age := 3
	e := &evidence.Evidence{
		Brands: table,
		Sender: evidence.Sender{
			Identities: identity.Identities{From: "a@evil.example", FromDomain: "evil.example", DisplayName: "PayPal <service@paypal.com>", ReplyTo: "x@gmail.com", ReplyToDomain: "gmail.com"},
			Org:        "evil.example", Mismatches: []string{"reply_to", "display_name_address"}, FreemailReply: true,
			Throwaway: []evidence.Throwaway{evidence.ThrowawayAbusedTLD, evidence.ThrowawayMachineLocal},
		},
		Auth:     evidence.Auth{Recorded: report.Auth{Trusted: true, DMARC: "fail", SPF: "fail", DKIM: "none"}, CompAuth: "fail"},
		Provider: evidence.Provider{Source: "Microsoft 365", SCL: 9, Category: "PHSH", FilterFlag: "X-Spam-Flag: YES"},
		Origin:   evidence.Origin{Known: true, Host: "mta.evil.example"},
		Claims:   paypalClaim(claims.DisplayName),
		Ownership: []ownership.Finding{finding("evil.example", ownership.NotBelongs, ownership.Young),
			{Domain: "evil2.example", Roles: []string{report.RoleLink}, Brand: table.ByID("paypal"), Status: ownership.NotBelongs, Basis: ownership.RegistrantOther, Registrant: "Nobody Ltd", Team: team.Record{Phishing: 2}}},
		Lookalikes: []evidence.Lookalike{{Domain: "paypa1.com", Role: report.RoleLink, Brand: "PayPal", Kind: "edit"}},
		Content: evidence.Content{
			Lures: []evidence.Lure{{Kind: evidence.LureCredential, Phrase: "verify your account"}, {Kind: evidence.LurePayment, Phrase: "update your payment"},
				{Kind: evidence.LureUrgency, Phrase: "24 hours"}, {Kind: evidence.LureDelivery, Phrase: "parcel"}, {Kind: evidence.LurePrize, Phrase: "winner"}},
			SuspiciousTLD: []string{"evil.top"}, RandomToken: "Zi9yvh51JBhF", HashBuster: strings.Repeat("qz", 40),
		},
		Links: evidence.Links{
			All: []report.Link{{Domain: "192.0.2.1", IPLiteral: true}, {Domain: "xn--pypal-4ve.com", Punycode: true, Unicode: "pаypal.com"},
				{Domain: "bit.ly", Shortener: true}, {Domain: "evil.example", Text: "[form]", Form: true}, {Domain: "evil2.example"}},
			Mismatched: []report.Link{{Domain: "evil.example", TextDomain: "paypal.com"}},
			Counted:    5,
		},
		Attachments: []report.Attachment{{Name: "invoice.pdf.exe", Risk: "high", RiskReasons: []string{"executable"}},
			{Name: "scan.zip", Risk: "high", Encrypted: report.EncZipCrypto}},
		AttachmentPassword: "1234",
		Tricks: []obfuscation.Hit{{Kind: obfuscation.HomoglyphWord, Field: obfuscation.InSubject, Evidence: "Pаypal"},
			{Kind: obfuscation.SplitWord, Field: obfuscation.InBody, Evidence: "P.a.y.P.a.l"}, {Kind: obfuscation.InvisibleChars, Field: obfuscation.InBody, Evidence: "<U+200B>"},
			{Kind: obfuscation.RecipientInSubject, Field: obfuscation.InSubject, Evidence: "taro"}, {Kind: obfuscation.EncodedDisplayName, Field: obfuscation.InDisplayName, Evidence: "x"}},
		Scams: []scams.Hit{{Kind: scams.Callback, Evidence: "call +1 808"}, {Kind: scams.CryptoWallet, Evidence: "bc1q"}, {Kind: scams.CryptoBalance, Evidence: "0.5 BTC"},
			{Kind: scams.AdvanceFee, Evidence: "inheritance"}, {Kind: scams.JobOffer, Evidence: "$300/day"}, {Kind: scams.GiftCard, Evidence: "gift cards"}, {Kind: scams.Extortion, Evidence: "I hacked"}},
		FreeLinks: []evidence.FreeLink{{Domain: "forms.gle", Kind: infra.FormHost, Service: "Google Forms"}},
		Domains:   []report.Domain{{Name: "evil.example", Roles: []string{"from"}, AgeDays: &age}},
		Own:       &report.OwnAuth{DKIM: []report.DKIMCheck{{Domain: "evil.example", Result: "fail"}}},
	}
	v := Decide(e)
	if v.Level != report.Phishing || v.Score != 100 {
		t.Errorf("verdict = %s %d", v.Level, v.Score)
	}
	for _, r := range v.Reasons {
		for _, text := range []string{r.Text, r.TextJA} {
			if strings.Contains(text, "%!") {
				t.Errorf("%s: malformed sentence %q", r.Code, text)
			}
		}
		if strings.Contains(r.Text, "evil.example") {
			t.Errorf("%s: domain not defanged: %q", r.Code, r.Text)
		}
	}
}

func TestDecide(t *testing.T) {
	base := func() *evidence.Evidence {
		return &evidence.Evidence{Brands: table, Sender: evidence.Sender{Identities: identity.Identities{From: "a@x.example", FromDomain: "x.example"}, Org: "x.example"}}
	}
	creds := []evidence.Lure{{Kind: evidence.LureCredential, Phrase: "verify your account"}, {Kind: evidence.LurePayment, Phrase: "update your card"}}
	tests := []struct {
		name  string
		edit  func(e *evidence.Evidence)
		level string
		code  string
	}{
		{"nothing", func(e *evidence.Evidence) {}, report.Legitimate, ""},
		{"authentication alone never decides", func(e *evidence.Evidence) {
			e.Auth = evidence.Auth{Recorded: report.Auth{Trusted: true, DMARC: "fail"}}
		}, report.Suspicious, "dmarc_fail"},
		{"a credential ask alone is worth a look", func(e *evidence.Evidence) { e.Content.Lures = creds[:1] }, report.Suspicious, "credential_lure"},
		{"unknown owner, lures: suspicious, never phishing on the name", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.DisplayName)
			e.Content.Lures = creds
			e.Ownership = []ownership.Finding{finding("x.example", ownership.Unknown, ownership.NoLookup)}
		}, report.Suspicious, "brand_claim_unverified"},
		{"unknown owner, but phishing without the name too", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.DisplayName)
			e.Content.Lures = append(creds, evidence.Lure{Kind: evidence.LureUrgency, Phrase: "within 24 hours"})
			e.Ownership = []ownership.Finding{finding("x.example", ownership.Unknown, ownership.NoLookup)}
		}, report.Phishing, "brand_claim_unverified"},
		{"unknown owner and a link showing another domain: phishing", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.DisplayName)
			e.Content.Lures = creds
			e.Ownership = []ownership.Finding{finding("x.example", ownership.Unknown, ownership.NoLookup)}
			e.Links.Mismatched = []report.Link{{Domain: "y.example", TextDomain: "paypal.com"}}
		}, report.Phishing, "link_text_mismatch"},
		{"unknown owner, disposable sender: impersonation", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.DisplayName)
			e.Content.Lures = creds[:1]
			e.Sender.Throwaway = []evidence.Throwaway{evidence.ThrowawayBrandLocalPart}
			e.Ownership = []ownership.Finding{finding("x.example", ownership.Unknown, ownership.NoLookup)}
		}, report.Phishing, "brand_impersonation"},
		{"proven not the brand's", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.DisplayName)
			e.Content.Lures = creds[:1]
			e.Ownership = []ownership.Finding{finding("x.example", ownership.NotBelongs, ownership.RegistrantOther)}
		}, report.Phishing, "brand_impersonation"},
		{"proven the brand's and authenticated", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.DisplayName)
			e.Content.Lures = creds
			e.Auth = evidence.Auth{Recorded: report.Auth{Trusted: true, DMARC: "pass"}, Authenticated: true}
			e.Ownership = []ownership.Finding{finding("x.example", ownership.Belongs, ownership.RegistrantIsBrand)}
		}, report.Legitimate, "authentic_brand"},
		{"a subject about 'your account' counts only with a credential ask", func(e *evidence.Evidence) {
			e.Claims = paypalClaim(claims.SubjectAccount)
			e.Ownership = []ownership.Finding{finding("x.example", ownership.Unknown, ownership.NoLookup)}
		}, report.Legitimate, ""},
		{"headers the sender writes earn nothing", func(e *evidence.Evidence) {
			e.Sender.ListID = "list.example"
			e.Content.Lures = creds[:1]
		}, report.Suspicious, "credential_lure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base()
			tt.edit(e)
			v := Decide(e)
			var codes []string
			for _, r := range v.Reasons {
				codes = append(codes, r.Code)
			}
			if v.Level != tt.level {
				t.Errorf("level %s (score %d, %v), want %s", v.Level, v.Score, codes, tt.level)
			}
			if tt.code != "" && !strings.Contains(strings.Join(codes, " "), tt.code) {
				t.Errorf("missing %s in %v", tt.code, codes)
			}
		})
	}
}

// The signs added for mail that got past the provider's filter: each fires
// on its evidence and stays quiet on the honest look-alike of it.
func TestFilterEvasionSigns(t *testing.T) {
	scam := []scams.Hit{{Kind: scams.AdvanceFee, Evidence: "widow + $27.5 million"}}
	offer := func(inSubject bool, phrases ...string) evidence.Content {
		var c evidence.Content
		for _, p := range phrases {
			c.Lures = append(c.Lures, evidence.Lure{Kind: evidence.LureOffer, Phrase: p, InSubject: inSubject})
		}
		return c
	}
	trusted := evidence.Auth{Recorded: report.Auth{Trusted: true, DMARC: "fail"}}
	tests := []struct {
		name string
		code string
		ev   evidence.Evidence
		want bool
	}{
		{"forged: no domain", "sender_address_forged", evidence.Evidence{Sender: evidence.Sender{
			Identities: identity.Identities{From: "aviso@correios", FromDomain: "correios"}, FromDefect: evidence.AddressNoDomain}}, true},
		{"forged: name, no address", "sender_address_forged", evidence.Evidence{Sender: evidence.Sender{
			Identities: identity.Identities{DisplayName: `"Facebook" <>`}, FromDefect: evidence.AddressMissing}}, true},
		{"forged: usable address", "sender_address_forged", evidence.Evidence{Sender: evidence.Sender{
			Identities: identity.Identities{From: "a@example.com", FromDomain: "example.com"}}}, false},
		{"crafted From", "from_header_crafted", evidence.Evidence{Sender: evidence.Sender{
			Identities: identity.Identities{From: "service@stayfriends.example", FromDomain: "stayfriends.example"}, FromFlaw: identity.FromStrayPart}}, true},
		{"well-formed From", "from_header_crafted", evidence.Evidence{Sender: evidence.Sender{
			Identities: identity.Identities{From: "service@stayfriends.example", FromDomain: "stayfriends.example"}}}, false},
		{"offer in the subject", "fraud_offer", evidence.Evidence{Content: offer(true, "viagra")}, true},
		{"offer twice in the body", "fraud_offer", evidence.Evidence{Content: offer(false, "viagra", "without a prescription")}, true},
		{"offer once in the body is a mention", "fraud_offer", evidence.Evidence{Content: offer(false, "viagra")}, false},
		{"scam from free-mail", "scam_from_freemail", evidence.Evidence{Scams: scam, Sender: evidence.Sender{
			Identities: identity.Identities{From: "widow@gmail.com", FromDomain: "gmail.com"}, Freemail: true}}, true},
		{"scam replying to free-mail", "scam_from_freemail", evidence.Evidence{Scams: scam, Sender: evidence.Sender{
			Identities: identity.Identities{From: "a@example.com", ReplyTo: "widow@gmail.com"}, FreemailReply: true}}, true},
		{"scam from a company", "scam_from_freemail", evidence.Evidence{Scams: scam, Sender: evidence.Sender{
			Identities: identity.Identities{From: "a@example.com", FromDomain: "example.com"}}}, false},
		{"free-mail, no scam", "scam_from_freemail", evidence.Evidence{Sender: evidence.Sender{Freemail: true}}, false},
		{"DMARC fail", "dmarc_fail", evidence.Evidence{Auth: trusted}, true},
		{"DMARC fail through a mailing list", "dmarc_fail", evidence.Evidence{Auth: trusted, Sender: evidence.Sender{ListID: "dev.lists.example.org"}}, false},
		{"free-host link elsewhere", "free_service_link", evidence.Evidence{Sender: evidence.Sender{Identities: identity.Identities{FromDomain: "me.dyndns.org"}},
			FreeLinks: []evidence.FreeLink{{Domain: "forms.gle", Kind: infra.FormHost, Service: "Google Forms"}}}, true},
		{"free-host link to the sender's own site", "free_service_link", evidence.Evidence{Sender: evidence.Sender{Identities: identity.Identities{FromDomain: "me.dyndns.org"}},
			FreeLinks: []evidence.FreeLink{{Domain: "me.dyndns.org", Kind: infra.FormHost, Service: "DynDNS"}}}, false},
	}
	for _, tt := range tests {
		tt.ev.Brands = table
		v := Decide(&tt.ev)
		got := false
		for _, r := range v.Reasons {
			if r.Code != tt.code {
				continue
			}
			got = true
			for _, text := range []string{r.Text, r.TextJA} {
				if strings.Contains(text, "%!") || text == "" {
					t.Errorf("%s: malformed sentence %q", tt.name, text)
				}
			}
		}
		if got != tt.want {
			t.Errorf("%s: %s fired = %v, want %v (%+v)", tt.name, tt.code, got, tt.want, v.Reasons)
		}
	}
}

// A machine-made local part is shown as the sender wrote it: the random
// case is the evidence.
func TestThrowawaySenderShowsTheAddressAsWritten(t *testing.T) {
	e := evidence.Evidence{Brands: table, Sender: evidence.Sender{
		Identities: identity.Identities{From: "jndlebig@slave.example.com", FromLocal: "JndLebIg", FromDomain: "slave.example.com"},
		Throwaway:  []evidence.Throwaway{evidence.ThrowawayMachineLocal},
	}}
	for _, r := range Decide(&e).Reasons {
		if r.Code == "throwaway_sender" {
			if !strings.Contains(r.Text, "JndLebIg@slave[.]example[.]com") {
				t.Errorf("reason %q does not show the address as written", r.Text)
			}
			return
		}
	}
	t.Error("throwaway_sender did not fire")
}
