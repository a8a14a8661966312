package verdict

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/report"
)

func TestRulesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		if r.Code == "" || seen[r.Code] || r.Check == nil || r.EN == "" || r.JA == "" {
			t.Errorf("bad rule %+v", r.Code)
		}
		seen[r.Code] = true
	}
}

// Every rule's sentences take the evidence its check gives, in both
// languages: no %!(EXTRA …) or %!s(MISSING) in any reason.
func TestReasonsAreWellFormed(t *testing.T) {
	age := 3
	f := &Facts{
		FromOrg: "evil.example", Authenticated: false, CompAuth: "fail",
		Auth:       report.Auth{Trusted: true, DMARC: "fail", SPF: "fail", DKIM: "none"},
		Provider:   ProviderRating{Source: "Microsoft 365", SCL: 9, Category: "PHSH"},
		Sender:     report.Sender{DisplayName: "PayPal <service@paypal.com>", ReplyTo: "x@gmail.com", ReplyToDomain: "gmail.com", Mismatches: []string{"reply_to", "display_name_address"}},
		Brands:     []BrandFact{{Name: "PayPal", Where: "display_name", LinksOther: 1, OtherDomains: []string{"evil.example"}}},
		Lookalikes: []LookalikeFact{{Domain: "paypa1.com", Role: report.RoleLink, Brand: "PayPal", Kind: "edit"}},
		Lures: []LureFact{{Kind: "credential", Phrase: "verify your account"}, {Kind: "payment", Phrase: "update your payment"},
			{Kind: "urgency", Phrase: "24 hours"}, {Kind: "delivery", Phrase: "parcel"}, {Kind: "prize", Phrase: "winner"}},
		Links: []report.Link{{Domain: "192.0.2.1", IPLiteral: true}, {Domain: "xn--pypal-4ve.com", Punycode: true, Unicode: "pаypal.com"},
			{Domain: "bit.ly", Shortener: true}, {Domain: "evil.example", Text: FormText}},
		MismatchedLinks: []report.Link{{Domain: "evil.example", TextDomain: "paypal.com"}},
		Attachments:     []report.Attachment{{Name: "invoice.pdf.exe", Risk: "high", RiskReasons: []string{"executable"}}},
		FreemailReply:   true, SuspiciousTLD: []string{"evil.top"}, MixedScript: "Pаypal", RandomToken: "Zi9yvh51JBhF",
		FilterFlag: "X-Spam-Flag: YES", HasOrigin: true,
		Domains:           []report.Domain{{Name: "evil.example", Roles: []string{"from"}, AgeDays: &age}},
		RegistrantForeign: []Registration{{Domain: "evil.example", Registrant: "Nobody Ltd", Brand: "PayPal"}},
		Own:               &report.OwnAuth{DKIM: []report.DKIMCheck{{Domain: "evil.example", Result: "fail"}}},
	}
	v := Decide(f)
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

func TestThresholds(t *testing.T) {
	tests := []struct {
		facts *Facts
		level string
	}{
		{&Facts{}, report.Legitimate},
		// Authentication alone never decides.
		{&Facts{FromOrg: "x.example", Auth: report.Auth{Trusted: true, DMARC: "fail"}}, report.Suspicious},
		{&Facts{FromOrg: "x.example", Authenticated: true, Auth: report.Auth{Trusted: true, DMARC: "pass"}}, report.Legitimate},
		// A credential ask alone is worth a second look, not an alarm.
		{&Facts{FromOrg: "x.example", Lures: []LureFact{{Kind: "credential", Phrase: "verify your account"}}}, report.Suspicious},
	}
	for i, tt := range tests {
		if v := Decide(tt.facts); v.Level != tt.level {
			t.Errorf("%d: level %s (score %d, %v), want %s", i, v.Level, v.Score, v.Reasons, tt.level)
		}
	}
}
