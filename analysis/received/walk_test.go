package received

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

// Hand-written chains (documentation addresses, example names). Lines are
// "Received: …" or other header fields, top first.
var (
	m365Chain = []string{
		"Received: from AA1PR01MB0001.namprd01.prod.outlook.com (::1) by",
		" BB2PR02MB0002.namprd02.prod.outlook.com with HTTPS; Mon, 2 Mar 2026 10:00:05",
		" +0000",
		"Received: from CC3PR03CA0003.eurprd03.prod.outlook.com (2603:10a6:10:1::3)",
		" by AA1PR01MB0001.namprd01.prod.outlook.com (2603:10b6:5:1::1) with",
		" Microsoft SMTP Server (version=TLS1_2) id 15.20.1.1; Mon, 2 Mar",
		" 2026 10:00:04 +0000",
		"Received: from DD4EUR04FT004.eop-eur04.prod.protection.outlook.com",
		" (2a01:111:f400:7e0d::4) by CC3PR03CA0003.outlook.office365.com",
		" (2603:10a6:10:1::3) with Microsoft SMTP Server id 15.20.1.1 via Frontend",
		" Transport; Mon, 2 Mar 2026 10:00:03 +0000",
		"Authentication-Results: spf=pass (sender IP is 203.0.113.25)",
		" smtp.mailfrom=sender.example; dkim=none (message not signed)",
		" header.d=none;dmarc=none action=none header.from=sender.example;compauth=fail",
		" reason=001",
		"Received-SPF: Pass (protection.outlook.com: domain of sender.example",
		" designates 203.0.113.25 as permitted sender) receiver=protection.outlook.com;",
		" client-ip=203.0.113.25; helo=mail.sender.example; pr=C",
		"Received: from mail.sender.example (203.0.113.25) by",
		" DD4EUR04FT004.mail.protection.outlook.com (10.152.4.4) with Microsoft SMTP",
		" Server id 15.20.1.1 via Frontend Transport; Mon, 2 Mar 2026 10:00:02 +0000",
		"Received: from [192.168.1.20] (unknown [198.51.100.99])",
		"\tby mail.sender.example (Postfix) with ESMTPSA id 4QQ;",
		"\tMon,  2 Mar 2026 11:00:01 +0100 (CET)",
		"Received: from paypal.com (paypal.com [192.0.2.200]) by forged.example; Mon, 2 Mar 2026 12:00:00 +0000",
		"X-Sender-IP: 203.0.113.25",
	}
	gmailChain = []string{
		"Received: by 2002:a05:6504:1:b0:2:3:4 with SMTP id x1csp1;",
		"        Mon, 2 Mar 2026 02:00:03 -0800 (PST)",
		"Received: by 2002:a17:90a:1::2 with SMTP id y2mr3.4.1772445602;",
		"        Mon, 02 Mar 2026 02:00:02 -0800 (PST)",
		"Authentication-Results: mx.google.com;",
		"       spf=pass (google.com: domain of a@sender.example designates 198.51.100.7 as permitted sender) smtp.mailfrom=a@sender.example",
		"Received-SPF: pass (google.com: domain of a@sender.example designates 198.51.100.7 as permitted sender) client-ip=198.51.100.7;",
		"Received: from out.sender.example (out.sender.example. [198.51.100.7])",
		"        by mx.google.com with ESMTPS id z3si4.2026.03.02.02.00.01",
		"        for <bob@gmail.example>;",
		"        Mon, 02 Mar 2026 02:00:01 -0800 (PST)",
	}
	postfixChain = []string{
		"Received: from localhost (localhost [127.0.0.1])",
		"\tby mail.corp.example (Postfix) with ESMTP id AAA; Mon, 2 Mar 2026 10:00:05 +0000 (UTC)",
		"Received: from mail.corp.example ([127.0.0.1])",
		"\tby localhost (mail.corp.example [127.0.0.1]) (amavisd-new, port 10024)",
		"\twith ESMTP id BBB; Mon, 2 Mar 2026 10:00:04 +0000 (UTC)",
		"Received: from mx01.corp.example (mx01.corp.example [192.0.2.30])",
		"\tby mail.corp.example (Postfix) with ESMTP id CCC; Mon, 2 Mar 2026 10:00:03 +0000 (UTC)",
		"Received: from bad.sender.example (bad.sender.example [203.0.113.66])",
		"\tby mx01.corp.example (Postfix) with ESMTP id DDD; Mon, 2 Mar 2026 10:00:02 +0000 (UTC)",
		"Received: from [10.0.0.5] (helo=pc) by bad.sender.example; Mon, 2 Mar 2026 10:00:01 +0000",
	}
)

func TestWalk(t *testing.T) {
	corpNet := netip.MustParsePrefix("192.0.2.0/24")
	tests := []struct {
		name     string
		headers  []string
		trust    Trust
		origin   int
		ip       string
		source   string
		fallback bool
		trusted  []bool
		checks   []string // substrings that must appear in Checks
	}{
		{
			name: "microsoft 365", headers: m365Chain, trust: DefaultTrust(),
			origin: 3, ip: "203.0.113.25", source: SourceReceived,
			trusted: []bool{true, true, true, true, false, false},
			checks:  []string{"Exchange (sender IP is) agrees", "Received-SPF client-ip agrees", "Exchange X-Sender-IP agrees"},
		},
		{
			name: "gmail", headers: gmailChain, trust: DefaultTrust(),
			origin: 2, ip: "198.51.100.7", source: SourceReceived,
			trusted: []bool{true, true, true},
			checks:  []string{"Gmail Authentication-Results agrees", "Received-SPF client-ip agrees"},
		},
		{
			name: "corporate postfix, unconfigured: fallback skips same-org relay", headers: postfixChain, trust: DefaultTrust(),
			origin: 3, ip: "203.0.113.66", source: SourceReceived, fallback: true,
			trusted: []bool{true, true, true, true, false},
			checks:  []string{"no hop was written by recognised provider infrastructure"},
		},
		{
			name: "corporate postfix, configured", headers: postfixChain,
			trust:  Trust{Networks: []netip.Prefix{corpNet}, HostSuffixes: []string{"corp.example", "localhost"}},
			origin: 3, ip: "203.0.113.66", source: SourceReceived,
			trusted: []bool{true, true, true, true, false},
		},
		{
			name: "no received at all, exchange stamp", headers: []string{"X-Sender-IP: 203.0.113.1"}, trust: DefaultTrust(),
			origin: -1, ip: "203.0.113.1", source: SourceExchange,
			checks: []string{"taken from Exchange X-Sender-IP"},
		},
		{
			name: "boundary without address: received-spf",
			headers: []string{
				"Received: from relay.sender.example by mx01.mail.protection.outlook.com with SMTP; Mon, 2 Mar 2026 10:00:00 +0000",
				"Received-SPF: pass (x) client-ip=198.51.100.3;",
			},
			trust: DefaultTrust(), origin: 0, ip: "198.51.100.3", source: SourceReceivedSPF,
			trusted: []bool{true},
		},
		{
			name: "gmail designates only",
			headers: []string{
				"Received: from relay.sender.example by mx.google.com with SMTP; Mon, 2 Mar 2026 10:00:00 +0000",
				"Authentication-Results: mx.google.com; spf=pass (google.com: domain of a@b.example designates 2001:db8::7 as permitted sender) smtp.mailfrom=a@b.example",
			},
			trust: DefaultTrust(), origin: 0, ip: "2001:db8::7", source: SourceGmail,
			trusted: []bool{true},
		},
		{
			name: "stamp disagreement is reported, chain wins",
			headers: []string{
				"Received: from mail.sender.example (203.0.113.25) by X1.mail.protection.outlook.com (10.1.1.1) with Microsoft SMTP Server; Mon, 2 Mar 2026 10:00:00 +0000",
				"X-Sender-IP: 203.0.113.99",
			},
			trust: DefaultTrust(), origin: 0, ip: "203.0.113.25", source: SourceReceived,
			trusted: []bool{true},
			checks:  []string{"Exchange X-Sender-IP 203.0.113.99 differs from Received 203.0.113.25"},
		},
		{
			name: "azure address with a non-provider name is external",
			headers: []string{
				"Received: from vm.attacker.example (2603:1030:1::5) by X1.mail.protection.outlook.com (10.1.1.1) with Microsoft SMTP Server; Mon, 2 Mar 2026 10:00:00 +0000",
				"Received: from hop.example (hop.example [192.0.2.1]) by vm.attacker.example; Mon, 2 Mar 2026 09:59:00 +0000",
			},
			trust: DefaultTrust(), origin: 0, ip: "2603:1030:1::5", source: SourceReceived,
			trusted: []bool{true, false},
		},
		{
			name: "another tenant's outbound relay is the origin",
			headers: []string{
				"Received: from EUR01-AB1-obe.outbound.protection.outlook.com (2a01:111:f403:2601::700) by X1.mail.protection.outlook.com (10.1.1.1) with Microsoft SMTP Server; Mon, 2 Mar 2026 10:00:00 +0000",
				"Received: from AB1PR01MB1.eurprd01.prod.outlook.com (2603:10a6:20b:1::1) by AB1PR01MB2.eurprd01.prod.outlook.com (2603:10a6:20b:2::2) with Microsoft SMTP Server; Mon, 2 Mar 2026 09:59:59 +0000",
			},
			trust: DefaultTrust(), origin: 0, ip: "2a01:111:f403:2601::700", source: SourceReceived,
			trusted: []bool{true, false},
		},
		{
			name: "all hops internal: no origin",
			headers: []string{
				"Received: from a.prod.outlook.com (::1) by b.prod.outlook.com with HTTPS; Mon, 2 Mar 2026 10:00:00 +0000",
				"Received: from c.prod.outlook.com ([fe80::1]) by c.prod.outlook.com ([fe80::1%3]) with mapi; Mon, 2 Mar 2026 10:00:00 +0000",
			},
			trust: DefaultTrust(), origin: -1, ip: "",
			trusted: []bool{true, true},
		},
		{
			name: "cgnat and private hops are internal",
			headers: []string{
				"Received: from edge.isp.example (100.64.1.2) by mx.isp.example (Postfix); Mon, 2 Mar 2026 10:00:00 +0000",
				"Received: from out.sender.example (out.sender.example [198.51.100.40]) by edge.isp.example; Mon, 2 Mar 2026 09:59:00 +0000",
			},
			trust:  Trust{HostSuffixes: []string{"isp.example"}},
			origin: 1, ip: "198.51.100.40", source: SourceReceived,
			trusted: []bool{true, true},
		},
		{
			name:    "no headers",
			headers: nil, trust: DefaultTrust(), origin: -1,
			trusted: []bool{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Walk(headersOf(tt.headers...), tt.trust)
			if c.Origin != tt.origin {
				t.Errorf("Origin = %d, want %d", c.Origin, tt.origin)
			}
			got := ""
			if c.OriginIP.IsValid() {
				got = c.OriginIP.String()
			}
			if got != tt.ip {
				t.Errorf("OriginIP = %q, want %q", got, tt.ip)
			}
			if c.Source != tt.source {
				t.Errorf("Source = %q, want %q", c.Source, tt.source)
			}
			if c.Fallback != tt.fallback {
				t.Errorf("Fallback = %v, want %v", c.Fallback, tt.fallback)
			}
			if tt.trusted != nil && !slices.Equal(c.Trusted, tt.trusted) {
				t.Errorf("Trusted = %v, want %v", c.Trusted, tt.trusted)
			}
			if len(c.Hops) != len(c.Trusted) || len(c.Hops) != len(c.Delays) {
				t.Errorf("lengths: hops %d trusted %d delays %d", len(c.Hops), len(c.Trusted), len(c.Delays))
			}
			for _, want := range tt.checks {
				if !slices.ContainsFunc(c.Checks, func(s string) bool { return strings.Contains(s, want) }) {
					t.Errorf("Checks %q lack %q", c.Checks, want)
				}
			}
		})
	}
}

func TestWalkDelays(t *testing.T) {
	c := Walk(headersOf(m365Chain...), DefaultTrust())
	want := []time.Duration{time.Second, time.Second, time.Second, time.Second, -(2*time.Hour - time.Second)} // forged date later than the hop above: negative
	for i, w := range want {
		if c.Delays[i] == nil || *c.Delays[i] != w {
			t.Errorf("Delays[%d] = %v, want %v", i, c.Delays[i], w)
		}
	}
	// The bottom hop has nothing below it.
	if d := c.Delays[len(c.Delays)-1]; d != nil {
		t.Errorf("last delay = %v, want nil", *d)
	}
	// Unknown time on either side gives nil.
	c = Walk(headersOf(
		"Received: from a.example (a.example [192.0.2.1]) by b.example; Mon, 2 Mar 2026 10:00:00 +0000",
		"Received: from c.example (c.example [192.0.2.2]) by a.example; not a date",
	), DefaultTrust())
	if c.Delays[0] != nil {
		t.Errorf("delay with unknown time = %v, want nil", *c.Delays[0])
	}
}

func TestWalkForgedLowerHops(t *testing.T) {
	// A hop below the origin claims to be Microsoft's frontdoor: it must
	// stay claimed, and must not move the origin.
	h := headersOf(
		"Received: from mail.sender.example (203.0.113.25) by X1.mail.protection.outlook.com (10.1.1.1) with Microsoft SMTP Server; Mon, 2 Mar 2026 10:00:00 +0000",
		"Received: from paypal.example (192.0.2.9) by Y2.mail.protection.outlook.com (10.1.1.2) with Microsoft SMTP Server; Mon, 2 Mar 2026 09:00:00 +0000",
	)
	c := Walk(h, DefaultTrust())
	if c.Origin != 0 || c.OriginIP != netip.MustParseAddr("203.0.113.25") {
		t.Fatalf("origin %d %v", c.Origin, c.OriginIP)
	}
	if c.Trusted[1] {
		t.Error("forged lower hop marked trusted")
	}
}

func TestWalkBounds(t *testing.T) {
	var lines []string
	for i := 0; i < MaxHops+50; i++ {
		lines = append(lines, "Received: from a.example (a.example [192.0.2.1]) by b.example; Mon, 2 Mar 2026 10:00:00 +0000")
	}
	c := Walk(headersOf(lines...), DefaultTrust())
	if len(c.Hops) != MaxHops {
		t.Errorf("hops = %d, want %d", len(c.Hops), MaxHops)
	}
}

func TestDefaultTrustIsFresh(t *testing.T) {
	a := DefaultTrust()
	a.HostSuffixes[0] = "changed"
	if DefaultTrust().HostSuffixes[0] == "changed" {
		t.Error("DefaultTrust shares state between calls")
	}
}

func TestWalkIgnoresLowerStamps(t *testing.T) {
	// The topmost A-R is the corporate gateway's; an id-less "sender IP is"
	// header below it was written by the sender and must not supply the IP.
	h := headersOf(
		"Received: from relay.sender.example by mx01.mail.protection.outlook.com with SMTP; Mon, 2 Mar 2026 10:00:00 +0000",
		"Authentication-Results: gw.corp.example; spf=none smtp.mailfrom=a.example",
		"Authentication-Results: spf=pass (sender IP is 192.0.2.50) smtp.mailfrom=paypal.com; compauth=pass reason=100",
	)
	c := Walk(h, DefaultTrust())
	if c.OriginIP.IsValid() || c.Source != "" {
		t.Errorf("OriginIP %v from %q, want none", c.OriginIP, c.Source)
	}
}

func TestReportConversion(t *testing.T) {
	c := Walk(headersOf(m365Chain...), DefaultTrust())
	hops := c.ReportHops()
	if len(hops) != len(c.Hops) {
		t.Fatalf("%d report hops, want %d", len(hops), len(c.Hops))
	}
	o := hops[3]
	if !o.Origin || !o.Trusted || o.FromIP != "203.0.113.25" || o.Time != "2026-03-02T10:00:02Z" || o.DelaySeconds == nil || *o.DelaySeconds != 1 {
		t.Errorf("origin hop = %+v", o)
	}
	if hops[4].Trusted || hops[4].Origin || *hops[4].DelaySeconds != -7199 {
		t.Errorf("claimed hop = %+v", hops[4])
	}
	ro := c.ReportOrigin()
	if ro == nil || ro.IP != "203.0.113.25" || ro.Source != SourceReceived || ro.Helo != "mail.sender.example" ||
		ro.ReceivedBy != "dd4eur04ft004.mail.protection.outlook.com" || len(ro.CrossCheck) == 0 {
		t.Errorf("origin = %+v", ro)
	}
	if (Chain{Origin: -1}).ReportOrigin() != nil {
		t.Error("origin for an empty chain")
	}
}
