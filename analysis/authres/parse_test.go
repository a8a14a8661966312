package authres

import (
	"maps"
	"strings"
	"testing"
)

type wantResult struct {
	method, value, reason, comment string
	props                          map[string]string
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		id       string
		version  int
		instance int
		results  []wantResult
	}{
		{
			name: "rfc 8601 plain",
			in:   "mx.rcpt.example; spf=pass smtp.mailfrom=a@sender.example; dkim=pass header.d=sender.example header.s=s1; dmarc=pass header.from=sender.example",
			id:   "mx.rcpt.example",
			results: []wantResult{
				{method: "spf", value: "pass", props: map[string]string{"smtp.mailfrom": "a@sender.example"}},
				{method: "dkim", value: "pass", props: map[string]string{"header.d": "sender.example", "header.s": "s1"}},
				{method: "dmarc", value: "pass", props: map[string]string{"header.from": "sender.example"}},
			},
		},
		{
			name: "microsoft without authserv-id",
			in:   "spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=x.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=x.example;compauth=fail reason=001",
			results: []wantResult{
				{method: "spf", value: "pass", comment: "sender IP is 203.0.113.5", props: map[string]string{"smtp.mailfrom": "x.example"}},
				{method: "dkim", value: "none", comment: "message not signed", props: map[string]string{"header.d": "none"}},
				{method: "dmarc", value: "none", props: map[string]string{"action": "none", "header.from": "x.example"}},
				{method: "compauth", value: "fail", reason: "001"},
			},
		},
		{
			name: "gmail with version, header.i only, comment with semicolon-free text",
			in:   "mx.google.com;\r\n       dkim=pass header.i=@sender.example header.s=20230601 header.b=AbCd+123;\r\n       spf=pass (google.com: domain of a@sender.example designates 2001:db8::7 as permitted sender) smtp.mailfrom=a@sender.example;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=sender.example",
			id:   "mx.google.com",
			results: []wantResult{
				{method: "dkim", value: "pass", props: map[string]string{"header.i": "@sender.example", "header.s": "20230601", "header.b": "AbCd+123"}},
				{method: "spf", value: "pass", comment: "google.com: domain of a@sender.example designates 2001:db8::7 as permitted sender", props: map[string]string{"smtp.mailfrom": "a@sender.example"}},
				{method: "dmarc", value: "pass", comment: "p=REJECT sp=REJECT dis=NONE", props: map[string]string{"header.from": "sender.example"}},
			},
		},
		{
			name:    "version number",
			in:      "mx.google.com 1; spf=neutral smtp.mailfrom=x.example",
			id:      "mx.google.com",
			version: 1,
			results: []wantResult{{method: "spf", value: "neutral", props: map[string]string{"smtp.mailfrom": "x.example"}}},
		},
		{
			name: "yahoo trailing semicolon and missing space before comment",
			in:   "atlas-123.mail.gq1.yahoo.com; dkim=pass header.i=@sender.example header.s=s2048; spf=pass smtp.mailfrom=sender.example; dmarc=pass(p=REJECT) header.from=sender.example;",
			id:   "atlas-123.mail.gq1.yahoo.com",
			results: []wantResult{
				{method: "dkim", value: "pass", props: map[string]string{"header.i": "@sender.example", "header.s": "s2048"}},
				{method: "spf", value: "pass", props: map[string]string{"smtp.mailfrom": "sender.example"}},
				{method: "dmarc", value: "pass", comment: "p=REJECT", props: map[string]string{"header.from": "sender.example"}},
			},
		},
		{
			name: "comments containing semicolons and nested parens",
			in:   "mx.rcpt.example; dkim=pass (2048-bit key; unprotected (really)) header.d=a.example; spf=fail (a; b) smtp.mailfrom=b.example",
			id:   "mx.rcpt.example",
			results: []wantResult{
				{method: "dkim", value: "pass", comment: "2048-bit key; unprotected (really)", props: map[string]string{"header.d": "a.example"}},
				{method: "spf", value: "fail", comment: "a; b", props: map[string]string{"smtp.mailfrom": "b.example"}},
			},
		},
		{
			name: "quoted values with semicolons and escapes",
			in:   `mx.rcpt.example; spf=fail reason="bad; very (bad)" smtp.mailfrom="a@b.example"; dkim=fail header.i=" foo \"bar\"@c.example"`,
			id:   "mx.rcpt.example",
			results: []wantResult{
				{method: "spf", value: "fail", reason: "bad; very (bad)", props: map[string]string{"smtp.mailfrom": "a@b.example"}},
				{method: "dkim", value: "fail", props: map[string]string{"header.i": ` foo "bar"@c.example`}},
			},
		},
		{
			name: "comment between key and equals",
			in:   `authrestest4int 2; spf=fail reason (BAH) = "just some (<>.%&! reason" smtp.mailfrom=x.example`,
			id:   "authrestest4int", version: 2,
			results: []wantResult{
				{method: "spf", value: "fail", reason: "just some (<>.%&! reason", comment: "BAH", props: map[string]string{"smtp.mailfrom": "x.example"}},
			},
		},
		{
			name: "uppercase everything",
			in:   "MX.RCPT.EXAMPLE; SPF=PASS SMTP.MAILFROM=A@B.EXAMPLE; DKIM=FAIL HEADER.D=B.EXAMPLE",
			id:   "mx.rcpt.example",
			results: []wantResult{
				{method: "spf", value: "pass", props: map[string]string{"smtp.mailfrom": "A@B.EXAMPLE"}},
				{method: "dkim", value: "fail", props: map[string]string{"header.d": "B.EXAMPLE"}},
			},
		},
		{
			name: "missing semicolons between results",
			in:   "mx.rcpt.example; spf=pass smtp.mailfrom=a.example dkim=pass header.d=a.example dmarc=pass header.from=a.example",
			id:   "mx.rcpt.example",
			results: []wantResult{
				{method: "spf", value: "pass", props: map[string]string{"smtp.mailfrom": "a.example"}},
				{method: "dkim", value: "pass", props: map[string]string{"header.d": "a.example"}},
				{method: "dmarc", value: "pass", props: map[string]string{"header.from": "a.example"}},
			},
		},
		{
			name: "policy properties",
			in:   "mx.rcpt.example; dmarc=fail (p=quarantine) policy.published-domain-policy=quarantine policy.applied-disposition=quarantine header.from=x.example",
			id:   "mx.rcpt.example",
			results: []wantResult{
				{method: "dmarc", value: "fail", comment: "p=quarantine", props: map[string]string{"policy.published-domain-policy": "quarantine", "policy.applied-disposition": "quarantine", "header.from": "x.example"}},
			},
		},
		{name: "none as the whole result set", in: "mx.rcpt.example; none", id: "mx.rcpt.example"},
		{name: "id only", in: "mx.rcpt.example", id: "mx.rcpt.example"},
		{
			name: "arc-authentication-results instance",
			in:   "i=2; mx.google.com; arc=pass (i=1 spf=pass spfdomain=a.example dkim=pass dkdomain=a.example); spf=pass smtp.mailfrom=a.example",
			id:   "mx.google.com", instance: 2,
			results: []wantResult{
				{method: "arc", value: "pass", comment: "i=1 spf=pass spfdomain=a.example dkim=pass dkdomain=a.example"},
				{method: "spf", value: "pass", props: map[string]string{"smtp.mailfrom": "a.example"}},
			},
		},
		{
			name: "arc instance with id in the same segment and field name included",
			in:   "ARC-Authentication-Results: i=1 mx.microsoft.com 1; spf=pass smtp.mailfrom=a.example",
			id:   "mx.microsoft.com", instance: 1, version: 1,
			results: []wantResult{{method: "spf", value: "pass", props: map[string]string{"smtp.mailfrom": "a.example"}}},
		},
		{
			name:    "method with version",
			in:      "mx.rcpt.example; dkim/1=pass header.d=a.example",
			id:      "mx.rcpt.example",
			results: []wantResult{{method: "dkim", value: "pass", props: map[string]string{"header.d": "a.example"}}},
		},
		{
			name: "rfc 2047 encoded value (exchange)",
			in:   "=?utf-8?B?c3BmPXBhc3MgKHNlbmRlciBJUCBpcyAxOTIuMC4yLjEpIHNtdHAubWFpbGZyb209YS5leGFtcGxlOyBjb21wYXV0aD1wYXNzIHJlYXNvbj0xMDk=?=",
			results: []wantResult{
				{method: "spf", value: "pass", comment: "sender IP is 192.0.2.1", props: map[string]string{"smtp.mailfrom": "a.example"}},
				{method: "compauth", value: "pass", reason: "109"},
			},
		},
		{name: "undecodable encoded word is skipped", in: "=?x-unknown?B?AAAA?=; spf=pass", results: []wantResult{{method: "spf", value: "pass"}}},
		{name: "not a method", in: "mx.example; ?x?=pass; spf=pass", id: "mx.example", results: []wantResult{{method: "spf", value: "pass"}}},
		{name: "empty", in: ""},
		{name: "junk", in: ";;;(((\"\"=)));=;="},
		{
			name:    "unterminated comment and quote",
			in:      `mx.rcpt.example; spf=pass (unterminated smtp.mailfrom="x`,
			id:      "mx.rcpt.example",
			results: []wantResult{{method: "spf", value: "pass", comment: "unterminated smtp.mailfrom=\"x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Parse(tt.in)
			if h.AuthservID != tt.id {
				t.Errorf("AuthservID = %q, want %q", h.AuthservID, tt.id)
			}
			if h.Version != tt.version {
				t.Errorf("Version = %d, want %d", h.Version, tt.version)
			}
			if h.Instance != tt.instance {
				t.Errorf("Instance = %d, want %d", h.Instance, tt.instance)
			}
			if len(h.Results) != len(tt.results) {
				t.Fatalf("got %d results %+v, want %d", len(h.Results), h.Results, len(tt.results))
			}
			for i, w := range tt.results {
				r := h.Results[i]
				if r.Method != w.method || r.Value != w.value || r.Reason != w.reason || r.Comment != w.comment {
					t.Errorf("result %d = {%q %q reason %q comment %q}, want {%q %q reason %q comment %q}",
						i, r.Method, r.Value, r.Reason, r.Comment, w.method, w.value, w.reason, w.comment)
				}
				if len(w.props) == 0 && len(r.Props) == 0 {
					continue
				}
				if !maps.Equal(r.Props, w.props) {
					t.Errorf("result %d props = %v, want %v", i, r.Props, w.props)
				}
			}
		})
	}
}

func TestParseBounds(t *testing.T) {
	in := "mx.example; " + strings.Repeat("dkim=pass header.d=a.example; ", 1000)
	h := Parse(in)
	if len(h.Results) > MaxResults {
		t.Errorf("%d results, bound %d", len(h.Results), MaxResults)
	}
	if len(h.Raw) > MaxValueLen {
		t.Errorf("Raw %d bytes, bound %d", len(h.Raw), MaxValueLen)
	}
	deep := "mx.example; spf=pass " + strings.Repeat("(", 20000) + strings.Repeat(")", 20000)
	_ = Parse(deep)
}

func TestReceivedSPF(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ReceivedSPF
		ip   string
	}{
		{
			name: "rfc 7208 folded",
			in:   "fail (dostech.example: 192.0.2.188 is authorized to use\n 'a@dostech.example' in 'mfrom' identity (mechanism 'mx' matched))\n receiver=FC5-VPC; identity=mfrom; envelope-from=\"a@dostech.example\";\n helo=smtp.dostech.example; client-ip=192.0.2.188",
			want: ReceivedSPF{Result: "fail", ClientIP: "192.0.2.188", EnvelopeFrom: "a@dostech.example", Helo: "smtp.dostech.example", Receiver: "FC5-VPC", Identity: "mfrom",
				Comment: "dostech.example: 192.0.2.188 is authorized to use 'a@dostech.example' in 'mfrom' identity (mechanism 'mx' matched)"},
			ip: "192.0.2.188",
		},
		{
			name: "microsoft",
			in:   "Pass (protection.outlook.com: domain of sender.example designates 203.0.113.5 as permitted sender) receiver=protection.outlook.com; client-ip=203.0.113.5; helo=mail.sender.example; pr=C",
			want: ReceivedSPF{Result: "pass", ClientIP: "203.0.113.5", Helo: "mail.sender.example", Receiver: "protection.outlook.com",
				Comment: "protection.outlook.com: domain of sender.example designates 203.0.113.5 as permitted sender"},
			ip: "203.0.113.5",
		},
		{
			name: "microsoft softfail comment only",
			in:   "SoftFail (protection.outlook.com: domain of transitioning sender.example discourages use of 203.0.113.6 as permitted sender)",
			want: ReceivedSPF{Result: "softfail", Comment: "protection.outlook.com: domain of transitioning sender.example discourages use of 203.0.113.6 as permitted sender"},
			ip:   "203.0.113.6",
		},
		{
			name: "gmail ipv6",
			in:   "pass (google.com: domain of a@sender.example designates 2001:db8::25 as permitted sender) client-ip=2001:db8::25;",
			want: ReceivedSPF{Result: "pass", ClientIP: "2001:db8::25", Comment: "google.com: domain of a@sender.example designates 2001:db8::25 as permitted sender"},
			ip:   "2001:db8::25",
		},
		{
			name: "none without ip",
			in:   "None (protection.outlook.com: sender.example does not designate permitted sender hosts)",
			want: ReceivedSPF{Result: "none", Comment: "protection.outlook.com: sender.example does not designate permitted sender hosts"},
		},
		{
			name: "field name and no comment",
			in:   "Received-SPF: Neutral client-ip=198.51.100.1; envelope-from=<x@y.example>; problem=\"dns; timeout\"",
			want: ReceivedSPF{Result: "neutral", ClientIP: "198.51.100.1", EnvelopeFrom: "<x@y.example>", Problem: "dns; timeout"},
			ip:   "198.51.100.1",
		},
		{name: "empty", in: "", want: ReceivedSPF{}},
		{name: "pairs only", in: "client-ip=192.0.2.1", want: ReceivedSPF{ClientIP: "192.0.2.1"}, ip: "192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseReceivedSPF(tt.in)
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			a, ok := got.IP()
			gs := ""
			if ok {
				gs = a.String()
			}
			if gs != tt.ip {
				t.Errorf("IP() = %q, want %q", gs, tt.ip)
			}
		})
	}
}

func TestIPFromComment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sender IP is 203.0.113.5", "203.0.113.5"},
		{"Sender IP is 2603:10A6:10:1::5", "2603:10a6:10:1::5"},
		{"google.com: domain of a@b.example designates 192.0.2.1 as permitted sender", "192.0.2.1"},
		{"google.com: domain of a@b.example does not designate 192.0.2.2 as permitted sender", "192.0.2.2"},
		{"domain of transitioning b.example discourages use of 192.0.2.3 as permitted sender", "192.0.2.3"},
		{"b.example: 192.0.2.4 is authorized to use 'b.example' in 'helo' identity", "192.0.2.4"},
		{"google.com: 209.85.220.41 is neither permitted nor denied by best guess record", "209.85.220.41"},
		{"192.0.2.5 was seen", ""},
		{"\x80\x80 Sender IP is 192.0.2.6", "192.0.2.6"}, // invalid UTF-8 before the marker (fuzz)
		{"(000\x94000 use of 0", ""},
		{"sender IP is 40.107.21.phishing@pot", ""},
		{"message not signed", ""},
		{"designates designates designates designates designates 192.0.2.9", ""},
		{"", ""},
	}
	for _, tt := range tests {
		a, ok := IPFromComment(tt.in)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("IPFromComment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
