package received

import (
	"bytes"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

var ownReceivedSeeds = []string{
	"from mx1.sender.example (mx1.sender.example [192.0.2.10]) by mail.rcpt.example (Postfix) with ESMTPS id 4AbC for <b@rcpt.example>; Tue, 3 Mar 2026 09:15:02 +0100 (CET)",
	"from host.example ([203.0.113.7]:40000 helo=x) by smtp.example with esmtps (Exim 4.97) id 1t; Thu, 05 Mar 2026 11:22:33 +0000",
	"from unknown (HELO a.example) (198.51.100.20) by mx.example with SMTP; 7 Mar 26 12:00 -0000",
	"from a.prod.outlook.com (2603:10a6:10:1::3) by b.prod.outlook.com (2603:10b6:5:1::1) with Microsoft SMTP Server id 15.20.1.1; Mon, 2 Mar 2026 10:00:04 +0000",
	"by 2002:a05:6504:1:b0:2:3:4 with SMTP id x1csp1; Mon, 2 Mar 2026 02:00:03 -0800 (PST)",
	"from x (y [IPv6:2001:db8::1] (may be forged)) by z; Thur, 29 Mar 2018 14:35:36",
	"by f.example with SMTP id f-1 2018-03-26 13:35:36.270951634 +0000 UTC",
	"from ((((( [[[ \"\" ;;; ))))",
	"from a (b [1.2.3.4.25]) by c; 31 Feb 2026 25:61:61 +9999",
	"from unknown (HELO ?192.168.1.5?) (bob@sender.example@198.51.100.24 with plain) by smtp.example with SMTP; 23 Apr 2007 22:43:03 -0000",
	"from rdns.example (claimed.example) [198.51.100.27.4321] by mx.example with esmtp id 17aWyy-0006i4-00; Sunday, 06-Nov-94 08:49:37 GMT",
	"from unknown (from HELO [198.51.100.30]) by mx.example; 06-Nov-94 08:49:37 -0500",
	"from x.example[198.51.100.35] (helo=y) by z [(192.0.2.1)] with esmtp; 31-Feb-94 08:49:37 GMT",
	"From H (192.0.2.3[192.0.2.3 port:4688]) (IDENT:q@[192.0.2.4]) (/10.0.0.1) by x.example",
}

// receivedSeeds returns Received values from a sample of corpus mail.
func receivedSeeds(n int) []string {
	var out []string
	for _, raw := range corpustest.Seeds(n) {
		out = append(out, parseHeaderBlock(raw).Values("received")...)
	}
	return out
}

func FuzzParse(f *testing.F) {
	for _, s := range ownReceivedSeeds {
		f.Add(s)
	}
	for _, s := range receivedSeeds(60) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := Parse(s)
		if len(h.Raw) > MaxValueLen {
			t.Fatalf("Raw longer than the bound: %d", len(h.Raw))
		}
		if h.FromIP.IsValid() && h.FromIP.Zone() != "" {
			t.Fatalf("FromIP kept a zone: %v", h.FromIP)
		}
		if h.FromIP.Is4In6() {
			t.Fatalf("FromIP not unmapped: %v", h.FromIP)
		}
		if h.Time.IsZero() == false && (h.Time.Year() < 1900 || h.Time.Year() > 9999) {
			t.Fatalf("implausible year: %v", h.Time)
		}
	})
}

func FuzzWalk(f *testing.F) {
	f.Add([]byte("Received: " + ownReceivedSeeds[0] + "\r\nX-Sender-IP: 192.0.2.10\r\n\r\n"))
	f.Add([]byte("Received: " + ownReceivedSeeds[3] + "\nReceived: " + ownReceivedSeeds[1] + "\nAuthentication-Results: spf=pass (sender IP is 203.0.113.7) smtp.mailfrom=x\nReceived-SPF: Pass (x: domain of y designates 203.0.113.7 as permitted sender) client-ip=203.0.113.7\n\n"))
	for _, raw := range corpustest.Seeds(40) {
		if i := bytes.Index(raw, []byte("\n\n")); i > 0 {
			raw = raw[:i]
		} else if i := bytes.Index(raw, []byte("\r\n\r\n")); i > 0 {
			raw = raw[:i]
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 256<<10 {
			return
		}
		c := Walk(parseHeaderBlock(raw), DefaultTrust())
		if len(c.Hops) != len(c.Trusted) || len(c.Hops) != len(c.Delays) {
			t.Fatalf("lengths: hops %d trusted %d delays %d", len(c.Hops), len(c.Trusted), len(c.Delays))
		}
		if c.Origin >= len(c.Hops) || c.Origin < -1 {
			t.Fatalf("origin %d out of range", c.Origin)
		}
		if c.Origin >= 0 && !c.Trusted[c.Origin] {
			t.Fatalf("origin hop not trusted")
		}
		if c.OriginIP.IsValid() != (c.Source != "") {
			t.Fatalf("OriginIP %v with Source %q", c.OriginIP, c.Source)
		}
		for i := c.Origin + 1; c.Origin >= 0 && i < len(c.Hops); i++ {
			if c.Trusted[i] {
				t.Fatalf("hop %d below the origin marked trusted", i)
			}
		}
	})
}
