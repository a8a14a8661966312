package render_test

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/store"
)

func intp(i int) *int { return &i }

// legitReport is a bulk mail from an ESP with aligned DKIM.
func legitReport() *report.Report {
	return &report.Report{
		Subject:   "【SMARTalk】ご利用料金のお知らせ",
		MessageID: "<20260101.abc@bma.mpse.jp>",
		Input:     report.Input{Kind: "eml", Size: 12345, HasBody: true},
		Verdict: report.Verdict{Level: report.Legitimate, Score: 5, Reasons: []report.Reason{
			{Code: "dmarc_pass", Text: "DMARC passed for smartalk.jp", TextJA: "smartalk.jp の DMARC 認証に成功", Weight: -30},
			{Code: "dkim_aligned", Text: "DKIM signature aligned with From", TextJA: "DKIM 署名が From と一致", Weight: -20},
			{Code: "esp_return_path", Text: "Return-Path at a known ESP", TextJA: "Return-Path は既知の配信事業者", Weight: 0},
			{Code: "old_domain", Text: "sender domain registered 12 years ago", TextJA: "送信ドメインは 12 年前に登録", Weight: -10},
		}},
		Origin: &report.Origin{
			IP: "203.0.113.25", Host: "mta25.emberpoint.com", Helo: "mta25.emberpoint.com", ReceivedBy: "mx.google.com",
			Source: "received", CrossCheck: []string{"received-spf"},
			Geo:     &report.Geo{Country: "JP", CountryName: "Japan", City: "Tokyo"},
			ASN:     &report.ASN{Number: 64500, Org: "Emberpoint Inc."},
			Network: &report.Network{Name: "EMBERPOINT-NET", Handle: "NET-203-0-113-0", Range: "203.0.113.0/24", Org: "Emberpoint", Country: "JP", AbuseEmail: "abuse@emberpoint.com", Source: "rdap:apnic"},
		},
		Hops: []report.Hop{
			{By: "mx.google.com", FromIP: "203.0.113.25", Trusted: true, Origin: true},
			{By: "mta25.emberpoint.com", FromHost: "localhost", Trusted: false},
		},
		Sender: report.Sender{
			From: "info@smartalk.jp", FromDomain: "smartalk.jp", DisplayName: "SMARTalk",
			ReturnPath: "bounce-123@bma.mpse.jp", ReturnPathDomain: "mpse.jp",
			DKIMDomains: []string{"smartalk.jp", "emberpoint.com"},
		},
		Auth: report.Auth{AuthservID: "mx.google.com", SPF: "pass", DKIM: "pass", DMARC: "pass", Trusted: true,
			Aligned: report.Aligned{SPF: false, DKIM: true}},
		Domains: []report.Domain{
			{Name: "smartalk.jp", Roles: []string{report.RoleFrom, report.RoleDKIM}, Registrar: "JPRS", Registrant: "Fusion Communications",
				Created: "2013-04-01", AgeDays: intp(4658), Source: "whois"},
			{Name: "mpse.jp", Roles: []string{report.RoleReturnPath}, Error: "whois: connection refused"},
		},
		Links: []report.Link{
			{URL: "hxxps://www[.]smartalk[.]jp/mypage", Domain: "www.smartalk.jp", Count: 2},
		},
		Attachments: []report.Attachment{},
		Lookups: []report.Lookup{
			{Kind: "geoip", Target: "203.0.113.25", Status: report.StatusOK},
			{Kind: "whois", Target: "mpse.jp", Status: report.StatusError, Error: "connection refused"},
		},
	}
}

// phishReport is a credential phish with many links and attachments.
func phishReport() *report.Report {
	r := &report.Report{
		Subject:   "Your PayPal account has been limited",
		MessageID: "<x1@evil.example>",
		Input:     report.Input{Kind: "eml", Size: 98765, HasBody: true},
		Verdict: report.Verdict{Level: report.Phishing, Score: 92, Reasons: []report.Reason{
			{Code: "auth_fail", Text: "SPF failed and DMARC failed", TextJA: "SPF と DMARC が失敗", Weight: 20},
			{Code: "brand_display_name", Text: "display name says PayPal but the sender is paypa1-secure.com", TextJA: "表示名は PayPal だが送信者は paypa1-secure.com", Weight: 35},
			{Code: "young_domain", Text: "paypa1-secure.com was registered 3 days ago", TextJA: "paypa1-secure.com は 3 日前に登録", Weight: 25},
			{Code: "link_mismatch", Text: "link text shows paypal.com but points to login.paypa1-secure.com", Weight: 30},
			{Code: "risky_attachment", Text: "attachment invoice.pdf.exe is an executable", Weight: 40},
			{Code: "reply_to_mismatch", Text: "Reply-To differs from From", Weight: 10},
			{Code: "dkim_none", Text: "no DKIM signature", Weight: 5},
		}},
		Origin: &report.Origin{
			IP: "198.51.100.77", Host: "unknown", ReceivedBy: "BN8NAM12FT065.mail.protection.outlook.com", Source: "exchange",
			Geo:     &report.Geo{Country: "NL", CountryName: "Netherlands", City: "Amsterdam"},
			ASN:     &report.ASN{Number: 64501, Org: "Bulletproof Hosting Ltd"},
			Network: &report.Network{Name: "BPH-NET", Range: "198.51.100.0/24", AbuseEmail: "abuse@bph.example", Source: "rdap:ripe"},
		},
		Hops: []report.Hop{
			{By: "BN8NAM12FT065.mail.protection.outlook.com", FromIP: "198.51.100.77", Trusted: true, Origin: true},
			{By: "mail.paypal.com", FromHost: "localhost", Trusted: false},
			{By: "smtp.paypal.com", FromHost: "10.0.0.1", Trusted: false},
		},
		Sender: report.Sender{
			From: "service@paypa1-secure.com", FromDomain: "paypa1-secure.com", DisplayName: "PayPal Service",
			ReplyTo: "collect@mailbox.example", ReplyToDomain: "mailbox.example",
			ReturnPath: "bounce@paypa1-secure.com", ReturnPathDomain: "paypa1-secure.com",
			DKIMDomains: []string{}, Mismatches: []string{"reply_to differs from from"},
		},
		Auth:   report.Auth{AuthservID: "", SPF: "fail", DKIM: "none", DMARC: "fail", Trusted: true},
		Brands: []report.BrandMatch{{Brand: "PayPal", Where: "display_name", Evidence: "PayPal Service"}},
		Domains: []report.Domain{
			{Name: "paypa1-secure.com", Roles: []string{report.RoleFrom, report.RoleReturnPath, report.RoleLink}, Registrar: "NameCheap, Inc.",
				Registrant: "REDACTED FOR PRIVACY", Created: "2026-02-26", AgeDays: intp(3), Source: "rdap"},
			{Name: "mailbox.example", Roles: []string{report.RoleReplyTo}, Error: "rdap: timeout"},
		},
		Lookups: []report.Lookup{
			{Kind: "rdap", Target: "mailbox.example", Status: report.StatusTimeout, Error: "context deadline exceeded", MS: 5000},
			{Kind: "dns", Target: "paypa1-secure.com", Status: report.StatusSkipped, Error: "offline"},
			{Kind: "geoip", Target: "198.51.100.77", Status: report.StatusOK},
		},
		Notes: []string{"forwarded as attachment: analyzed the attached original"},
	}
	for i := 0; i < 14; i++ {
		r.Links = append(r.Links, report.Link{
			URL: fmt.Sprintf("hxxps://login[.]paypa1-secure[.]com/session/%d?u=victim", i), Domain: "login.paypa1-secure.com",
			Text: "https://www.paypal.com/signin", TextDomain: "www.paypal.com", Mismatch: i%2 == 0,
		})
	}
	r.Links = append(r.Links,
		report.Link{URL: "hxxps://bit[.]ly/3xYz", Domain: "bit.ly", Shortener: true},
		report.Link{URL: "hxxp://198[.]51[.]100[.]9/a", Domain: "198.51.100.9", IPLiteral: true},
		report.Link{URL: "hxxps://xn--pypal-4ve[.]com/", Domain: "xn--pypal-4ve.com", Punycode: true, Unicode: "pаypal.com"},
	)
	for i := 0; i < 12; i++ {
		r.Attachments = append(r.Attachments, report.Attachment{
			Name: fmt.Sprintf("invoice_%02d.pdf.exe", i), ContentType: "application/pdf", Sniffed: "application/x-msdownload",
			Size: 40960 + i, SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte{byte(i)})), Risk: "high", RiskReasons: []string{"double extension", "executable"},
		})
	}
	return r
}

// hostileReport carries injection attempts in every string it can.
func hostileReport() *report.Report {
	return &report.Report{
		Subject:   "<!channel> urgent &lt;!here&gt; @everyone ```code``` <#C0123|general>",
		MessageID: "<a@b>",
		Verdict: report.Verdict{Level: report.Suspicious, Score: 50, Reasons: []report.Reason{
			{Code: "x", Text: "display name <@U0123> says <https://evil.example|Slack admin>", Weight: 10},
		}},
		Origin: &report.Origin{IP: "192.0.2.1", Host: "<!here>.evil.example", Helo: "<@W999>",
			Network: &report.Network{Name: "<https://evil.example|net>", AbuseEmail: "<mailto:x@evil.example|abuse>"}},
		Sender: report.Sender{
			From: "a@evil.example", FromDomain: "evil.example", DisplayName: "<@U0123>\u202Egnp.exe",
			ReplyTo: "<!subteam^S123>@evil.example", ReturnPath: "x@evil.example\r\n*Verdict: legitimate*",
			DKIMDomains: []string{"<!channel>.example"},
		},
		Auth: report.Auth{SPF: "pass <!everyone>", DKIM: "<@U1>", DMARC: "&amp;", AuthservID: "<#C1>"},
		Domains: []report.Domain{{Name: "<!here>.example", Roles: []string{"<@U2>"}, Registrar: "<https://evil.example|Registrar>",
			Registrant: "<!channel>", Created: "<!date^1^x|y>"}},
		Links: []report.Link{
			{URL: "https://evil.example/<!channel>", Domain: "evil.example", Text: "<https://evil.example|paypal.com>", Mismatch: true},
			{URL: "<https://evil.example|paypal.com>", Domain: "evil.example"},
		},
		Attachments: []report.Attachment{{Name: "<!channel>invoice\u202Efdp.exe", ContentType: "<@U3>", SHA256: "<!here>", Risk: "<!channel>",
			RiskReasons: []string{"<https://evil.example|x>"}}},
		Lookups: []report.Lookup{{Kind: "<!here>", Target: "<@U4>", Status: "<!channel>", Error: "<https://evil.example|err>"}},
		Notes:   []string{"<!channel> note", "&lt;!channel&gt;"},
		Brands:  []report.BrandMatch{{Brand: "<!channel>", Where: "<@U5>"}},
	}
}

// hugeReport stresses every limit.
func hugeReport() *report.Report {
	r := phishReport()
	r.Subject = strings.Repeat("件名<>&", 1000) // 5000 chars
	r.Sender.DisplayName = strings.Repeat("N", 5000)
	r.Links = nil
	for i := 0; i < 300; i++ {
		r.Links = append(r.Links, report.Link{URL: "hxxps://" + strings.Repeat("a", 500) + fmt.Sprintf("[.]example/%d", i),
			Domain: "a.example", Text: strings.Repeat("&", 500), Mismatch: true, Shortener: true, Count: 3})
	}
	r.Domains = nil
	for i := 0; i < 100; i++ {
		r.Domains = append(r.Domains, report.Domain{Name: fmt.Sprintf("d%03d.%s.example", i, strings.Repeat("x", 60)),
			Roles: []string{report.RoleLink}, Registrar: strings.Repeat("R", 300), Registrant: strings.Repeat("<", 300)})
	}
	for i := 0; i < 200; i++ {
		r.Verdict.Reasons = append(r.Verdict.Reasons, report.Reason{Code: "c", Text: strings.Repeat("reason ", 200), Weight: i})
		r.Lookups = append(r.Lookups, report.Lookup{Kind: "rdap", Target: strings.Repeat("t", 300), Status: report.StatusError, Error: strings.Repeat("e", 300)})
		r.Notes = append(r.Notes, strings.Repeat("note ", 100))
		r.Brands = append(r.Brands, report.BrandMatch{Brand: strings.Repeat("B", 300)})
		r.Sender.DKIMDomains = append(r.Sender.DKIMDomains, strings.Repeat("k", 300)+".example")
		r.Sender.Mismatches = append(r.Sender.Mismatches, strings.Repeat("m", 300))
	}
	r.Origin.CrossCheck = []string{strings.Repeat("c", 3000)}
	r.Origin.Network.Name = strings.Repeat("n", 5000)
	return r
}

func relatedCases() []store.Related {
	return []store.Related{
		{
			Case: store.Case{ID: 7, Permalink: "https://acme.slack.com/archives/C1/p1700000000000100?thread_ts=1700000000.000100&cid=C1",
				Subject: "Your PayPal account is on hold <!channel>", Verdict: report.Phishing, CreatedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
			Tally:   store.Tally{Phishing: 3, Decision: store.Phishing},
			Matched: []string{"sender_domain", "link_domain:login.paypa1-secure.com"},
		},
		{
			Case:    store.Case{ID: 3, Permalink: "javascript:alert(1)", Subject: "older", Verdict: report.Suspicious},
			Tally:   store.Tally{Phishing: 1, Legitimate: 1},
			Matched: []string{"attachment:" + strings.Repeat("ab", 32)},
		},
	}
}
