package textreport

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

func sample() *report.Report {
	age := 4
	delay := int64(-3)
	scl := 9
	return &report.Report{
		File:    "mail.eml",
		Subject: "Your account \x1b[31mwill be closed\x1b[0m",
		Date:    "Sat, 18 Dec 2021 12:42:06 +0900",
		Verdict: report.Verdict{Level: report.Phishing, Score: 85, Reasons: []report.Reason{
			{Code: "brand_impersonation", Weight: 45, Text: "It presents itself as PayPal (display name), but the sender evil[.]example does not belong to that brand.", TextJA: "表示名でPayPalを名乗っていますが、送信元 evil[.]example はそのブランドのドメインではありません。"},
			{Code: "authenticated_sender", Weight: 0, Text: "The recipient's provider authenticated the sender domain evil[.]example.", TextJA: "受信側サーバーが送信元ドメイン evil[.]example を認証しています。"},
		}},
		Origin: &report.Origin{IP: "45.137.21.9", Host: "mail.evil.example", ReceivedBy: "mx.google.com",
			Geo: &report.Geo{Country: "NL", CountryName: "Netherlands", City: "Amsterdam"}, ASN: &report.ASN{Number: 9009, Org: "M247 Europe SRL", Source: &report.GeoSource{Database: "ip-location-db asn", Version: "2.3.2026061719", Built: "2026-06-17", Embedded: true}},
			Network: &report.Network{Name: "M247-EU-AMS", Range: "45.137.20.0 - 45.137.23.255", AbuseEmail: "abuse@m247.ro", Source: "rdap:ripe"}},
		Hops: []report.Hop{
			{FromHost: "mail.evil.example", FromIP: "45.137.21.9", By: "mx.google.com", Trusted: true, Origin: true, Time: "2021-12-17T19:42:08-08:00", DelaySeconds: &delay},
			{FromHost: "localhost", FromIP: "127.0.0.1", By: "mail.evil.example"},
		},
		Sender: report.Sender{From: "support@evil.example", DisplayName: "PayPal\u202egnp.exe", ReturnPath: "bounce@evil.example", DKIMDomains: []string{"evil.example"}},
		Auth:   report.Auth{AuthservID: "mx.google.com", Trusted: true, SPF: "pass", SPFDomain: "evil.example", DKIM: "pass", DKIMPassed: []string{"evil.example"}, DMARC: "pass", Aligned: report.Aligned{SPF: true, DKIM: true}},
		Domains: []report.Domain{{Name: "evil.example", Roles: []string{"from", "dkim"}, Registrar: "NameSilo, LLC", Created: "2021-12-14", AgeDays: &age, Source: "rdap"},
			{Name: "other.example", Roles: []string{"link"}, Error: "timeout"}},
		Brands: []report.BrandMatch{{Brand: "PayPal", Where: "display_name", Evidence: "PayPal", Claimed: true}, {Brand: "Visa", Where: "body", Evidence: "Visa"}},
		Ownership: []report.Ownership{{Domain: "evil.example", Roles: []string{"from"}, Brand: "PayPal", Status: "does_not_belong", Basis: "young",
			Summary: "does not belong to PayPal: registered only 4 days ago", SummaryJA: "PayPalのものではありません: 4日前に登録されたばかりです"}},
		Links:       []report.Link{{URL: "hxxps://evil[.]example/login", Domain: "evil.example", Text: "https://www.paypal.com/", TextDomain: "paypal.com", Mismatch: true}},
		Attachments: []report.Attachment{{Name: "invoice.pdf.exe", ContentType: "application/octet-stream", Sniffed: "application/x-msdownload", Size: 1024, SHA256: strings.Repeat("ab", 32), Risk: "high", RiskReasons: []string{"executable", "double extension"}}},
		Lookups:     []report.Lookup{{Kind: "rdap", Target: "other.example", Status: report.StatusTimeout, Error: "timeout", MS: 3000}},
		Notes:       []string{"unwrapped the original message attached to a forward"},
		Provider: []report.ProviderOpinion{
			{Vendor: "microsoft", Trusted: true, Category: "phishing", RawCategory: "PHSH", SCL: &scl,
				Summary:   "Microsoft: SCL 9, CAT:PHSH (phishing), spoof check failed",
				SummaryJA: "Microsoft: SCL 9、CAT:PHSH（フィッシング）、なりすまし判定で不合格"},
			{Vendor: "spamassassin", Verdict: "not_spam",
				Summary:   "SpamAssassin: not spam, score -9.9 / 5 — untrusted: written below the trust boundary, the sender could have forged it\x1b[0m",
				SummaryJA: "SpamAssassin: スパムではないと判定、スコア -9.9 / 5（信頼境界より下の記録のため、送信者が偽造した可能性があります）"},
		},
	}
}

func TestGolden(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, sample(), lang); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "report."+lang+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("output differs from %s:\n%s", path, b.String())
			}
		})
	}
}

// Nothing from the mail reaches the terminal as a control or bidi
// character, and no domain or URL is live.
func TestSafeForTerminal(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, sample(), "en"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"\x1b", "\u202e", "evil.example", "http://", "https://www.paypal.com"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
}
