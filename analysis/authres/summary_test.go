package authres

import (
	"bytes"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

type fakeHeaders map[string][]string

func (h fakeHeaders) Values(k string) []string { return h[strings.ToLower(k)] }

// headersOf builds fakeHeaders from "Key: value" lines, top first;
// continuation lines start with white space.
func headersOf(lines ...string) fakeHeaders {
	return parseHeaderBlock([]byte(strings.Join(lines, "\n") + "\n\n"))
}

func parseHeaderBlock(raw []byte) fakeHeaders {
	h := fakeHeaders{}
	var key string
	var val []byte
	flush := func() {
		if key != "" {
			h[key] = append(h[key], strings.TrimSpace(string(val)))
		}
		key, val = "", nil
	}
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '\n')
		var line []byte
		if i < 0 {
			line, raw = raw, nil
		} else {
			line, raw = raw[:i], raw[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if key != "" {
				val = append(val, ' ')
				val = append(val, bytes.TrimLeft(line, " \t")...)
			}
			continue
		}
		flush()
		c := bytes.IndexByte(line, ':')
		if c <= 0 || bytes.ContainsAny(line[:c], " \t") {
			continue
		}
		key = strings.ToLower(string(line[:c]))
		val = append(val, line[c+1:]...)
	}
	flush()
	return h
}

const (
	msAR     = "Authentication-Results: spf=softfail (sender IP is 203.0.113.5) smtp.mailfrom=paypa1.example; dkim=none (message not signed) header.d=none;dmarc=fail action=quarantine header.from=paypal.com;compauth=fail reason=001"
	gmailAR  = "Authentication-Results: mx.google.com; dkim=pass header.i=@sender.example header.s=s1 header.b=AbC; spf=pass (google.com: domain of a@sender.example designates 198.51.100.7 as permitted sender) smtp.mailfrom=a@sender.example; dmarc=pass (p=REJECT sp=NONE dis=NONE) header.from=sender.example"
	forgedAR = "Authentication-Results: mx.google.com; dkim=pass header.d=paypal.com; spf=pass smtp.mailfrom=paypal.com; dmarc=pass header.from=paypal.com"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		extra   []string
		want    Summary
	}{
		{
			name:    "microsoft id-less at the top with markers",
			headers: []string{msAR, forgedAR},
			want: Summary{Trusted: true, SPF: "softfail", SPFDomain: "paypa1.example", DKIM: "none",
				DMARC: "fail", DMARCAction: "quarantine", HeaderFrom: "paypal.com", CompAuth: "fail", CompAuthReason: "001",
				SenderIP: netip.MustParseAddr("203.0.113.5")},
		},
		{
			name:    "gmail header.i only, forged lower A-R ignored",
			headers: []string{gmailAR, forgedAR},
			want: Summary{AuthservID: "mx.google.com", Trusted: true, SPF: "pass", SPFDomain: "sender.example",
				DKIM: "pass", DKIMPassed: []string{"sender.example"}, DKIMDomains: []string{"sender.example"},
				DMARC: "pass", DMARCPolicy: "reject", HeaderFrom: "sender.example", SenderIP: netip.MustParseAddr("198.51.100.7")},
		},
		{
			name: "top untrusted corporate header above a trusted one: the trusted one is chosen",
			headers: []string{
				"Authentication-Results: mail.corp.example; dkim=pass header.d=paypal.com",
				gmailAR,
			},
			want: Summary{AuthservID: "mx.google.com", Trusted: true, SPF: "pass", SPFDomain: "sender.example",
				DKIM: "pass", DKIMPassed: []string{"sender.example"}, DKIMDomains: []string{"sender.example"},
				DMARC: "pass", DMARCPolicy: "reject", HeaderFrom: "sender.example", SenderIP: netip.MustParseAddr("198.51.100.7")},
		},
		{
			name:    "configured extra id",
			headers: []string{"Authentication-Results: mail.corp.example; dkim=fail header.d=a.example; dkim=pass header.d=b.example; spf=none smtp.helo=h.example", gmailAR},
			extra:   []string{"mail.corp.example"},
			want: Summary{AuthservID: "mail.corp.example", Trusted: true, SPF: "none", SPFDomain: "h.example",
				DKIM: "pass", DKIMPassed: []string{"b.example"}, DKIMDomains: []string{"a.example", "b.example"}},
		},
		{
			name:    "id-less without exchange markers is not trusted",
			headers: []string{"Authentication-Results: dkim=pass header.d=paypal.com; spf=pass smtp.mailfrom=paypal.com"},
			want: Summary{Trusted: false, SPF: "pass", SPFDomain: "paypal.com", DKIM: "pass",
				DKIMPassed: []string{"paypal.com"}, DKIMDomains: []string{"paypal.com"}},
		},
		{
			name:    "id-less with markers lower down is not trusted",
			headers: []string{"Authentication-Results: mail.corp.example; spf=pass smtp.mailfrom=a.example", msAR},
			want:    Summary{AuthservID: "mail.corp.example", Trusted: false, SPF: "pass", SPFDomain: "a.example"},
		},
		{
			name: "icloud split over several headers is merged",
			headers: []string{
				"Authentication-Results: bimi.icloud.com; bimi=skipped reason=\"insufficient dmarc\"",
				"Authentication-Results: dmarc.icloud.com; dmarc=pass header.from=sender.example",
				"Authentication-Results: dkim-verifier.icloud.com; dkim=pass (2048-bit key) header.d=sender.example header.i=@sender.example header.b=x",
				"Authentication-Results: spf.icloud.com; spf=pass (spf.icloud.com: domain of a@sender.example designates 192.0.2.77 as permitted sender) smtp.mailfrom=a@sender.example",
				"Authentication-Results: spf.icloud.com; dkim=pass header.d=paypal.com",
			},
			want: Summary{AuthservID: "bimi.icloud.com", Trusted: true, SPF: "pass", SPFDomain: "sender.example",
				DKIM: "pass", DKIMPassed: []string{"sender.example"}, DKIMDomains: []string{"sender.example"},
				DMARC: "pass", HeaderFrom: "sender.example", SenderIP: netip.MustParseAddr("192.0.2.77")},
		},
		{
			name: "arc from top ARC-Authentication-Results when the trusted header has none",
			headers: []string{
				msAR,
				"ARC-Authentication-Results: i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=a.example; arc=none",
				"ARC-Authentication-Results: i=2; mx.microsoft.com 1; spf=pass smtp.mailfrom=a.example; arc=pass (0 oda=1 ltdi=1)",
			},
			want: Summary{Trusted: true, SPF: "softfail", SPFDomain: "paypa1.example", DKIM: "none",
				DMARC: "fail", DMARCAction: "quarantine", HeaderFrom: "paypal.com", CompAuth: "fail", CompAuthReason: "001",
				SenderIP: netip.MustParseAddr("203.0.113.5"), ARC: "pass"},
		},
		{
			name:    "policy property",
			headers: []string{"Authentication-Results: mx.google.com; dmarc=fail policy.published-domain-policy=Reject header.from=a.example"},
			want:    Summary{AuthservID: "mx.google.com", Trusted: true, DMARC: "fail", DMARCPolicy: "reject", HeaderFrom: "a.example"},
		},
		{name: "nothing", headers: nil, want: Summary{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(headersOf(tt.headers...), append(DefaultTrustedIDs(), tt.extra...))
			got.Results = nil
			if !equalSummary(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func equalSummary(a, b Summary) bool {
	if !slices.Equal(a.DKIMPassed, b.DKIMPassed) || !slices.Equal(a.DKIMDomains, b.DKIMDomains) {
		return false
	}
	a.DKIMPassed, b.DKIMPassed, a.DKIMDomains, b.DKIMDomains = nil, nil, nil, nil
	return a.AuthservID == b.AuthservID && a.Trusted == b.Trusted && a.SPF == b.SPF && a.SPFDomain == b.SPFDomain &&
		a.DKIM == b.DKIM && a.DMARC == b.DMARC && a.DMARCPolicy == b.DMARCPolicy && a.DMARCAction == b.DMARCAction &&
		a.HeaderFrom == b.HeaderFrom && a.ARC == b.ARC && a.CompAuth == b.CompAuth && a.CompAuthReason == b.CompAuthReason &&
		a.SenderIP == b.SenderIP
}

func TestMatchID(t *testing.T) {
	tests := []struct {
		id   string
		pats []string
		want bool
	}{
		{"mx.google.com", []string{"mx.google.com"}, true},
		{"MX.Google.COM.", []string{"mx.google.com"}, true},
		{"evilmx.google.com.attacker.example", []string{"mx.google.com"}, false},
		{"notgoogle.com", []string{"google.com"}, false},
		{"a.google.com", []string{"google.com"}, true},
		{"protection.outlook.com", []string{"*.protection.outlook.com"}, false},
		{"x.protection.outlook.com", []string{"*.protection.outlook.com"}, true},
		{"protection.outlook.com", []string{".protection.outlook.com"}, true},
		{"", []string{"google.com"}, false},
		{"anything", []string{"*", ""}, false},
	}
	for _, tt := range tests {
		if got := MatchID(tt.id, tt.pats); got != tt.want {
			t.Errorf("MatchID(%q, %q) = %v, want %v", tt.id, tt.pats, got, tt.want)
		}
	}
}

func TestDefaultTrustedIDsFresh(t *testing.T) {
	a := DefaultTrustedIDs()
	a[0] = "changed"
	if DefaultTrustedIDs()[0] == "changed" {
		t.Error("DefaultTrustedIDs shares state")
	}
}

func TestReportAuth(t *testing.T) {
	s := Summarize(headersOf(gmailAR), DefaultTrustedIDs())
	a := s.ReportAuth()
	if a.AuthservID != "mx.google.com" || !a.Trusted || a.SPF != "pass" || a.DKIM != "pass" || a.DMARC != "pass" ||
		a.SPFDomain != "sender.example" || !slices.Equal(a.DKIMPassed, []string{"sender.example"}) {
		t.Errorf("ReportAuth = %+v", a)
	}
}
