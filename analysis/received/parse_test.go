package received

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func addr(s string) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	return netip.MustParseAddr(s)
}

// Hand-written lines in the formats of the common MTAs (documentation
// addresses and example names only).
func TestParseMTAFormats(t *testing.T) {
	tests := []struct {
		name                         string
		in                           string
		fromHost, rdns, helo, fromIP string
		by, byIP, with, id, for_     string
		forged                       bool
		time                         string // RFC 3339, "" for zero
	}{
		{
			name:     "postfix with rdns",
			in:       "from mx1.sender.example (mx1.sender.example [192.0.2.10])\r\n\tby mail.rcpt.example (Postfix) with ESMTPS id 4AbCdE12\r\n\tfor <bob@rcpt.example>; Tue, 3 Mar 2026 09:15:02 +0100 (CET)",
			fromHost: "mx1.sender.example", rdns: "mx1.sender.example", helo: "mx1.sender.example", fromIP: "192.0.2.10",
			by: "mail.rcpt.example", with: "ESMTPS", id: "4AbCdE12", for_: "<bob@rcpt.example>",
			time: "2026-03-03T09:15:02+01:00",
		},
		{
			name:     "postfix unknown rdns",
			in:       "from laptop.lan (unknown [198.51.100.77]) by mail.rcpt.example (Postfix) with ESMTPSA id 1F2E; Tue, 3 Mar 2026 09:15:02 +0000",
			fromHost: "laptop.lan", helo: "laptop.lan", fromIP: "198.51.100.77",
			by: "mail.rcpt.example", with: "ESMTPSA", id: "1F2E", time: "2026-03-03T09:15:02Z",
		},
		{
			name:     "postfix ipv6 literal",
			in:       "from mx.sender.example (mx.sender.example [IPv6:2001:db8:5::25]) by mx.rcpt.example (Postfix) with ESMTPS id 9; Wed, 4 Mar 2026 10:00:00 +0000",
			fromHost: "mx.sender.example", rdns: "mx.sender.example", helo: "mx.sender.example", fromIP: "2001:db8:5::25",
			by: "mx.rcpt.example", with: "ESMTPS", id: "9", time: "2026-03-04T10:00:00Z",
		},
		{
			name:     "exim helo differs",
			in:       "from host-7.sender.example ([203.0.113.7] helo=pretend.example)\n\tby smtp.rcpt.example with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384\n\t(Exim 4.97)\n\t(envelope-from <a@sender.example>)\n\tid 1tXyZ-000ABC-2Q\n\tfor bob@rcpt.example;\n\tThu, 05 Mar 2026 11:22:33 +0000",
			fromHost: "host-7.sender.example", rdns: "host-7.sender.example", helo: "pretend.example", fromIP: "203.0.113.7",
			by: "smtp.rcpt.example", with: "esmtps tls TLS_AES_256_GCM_SHA384", id: "1tXyZ-000ABC-2Q", for_: "bob@rcpt.example",
			time: "2026-03-05T11:22:33Z",
		},
		{
			name:     "exim no rdns with port",
			in:       "from [203.0.113.8] (port=51234 helo=[10.1.1.1]) by smtp.rcpt.example with esmtpa (Exim 4.96) id 1abc; Thu, 05 Mar 2026 11:22:33 +0000",
			fromHost: "[203.0.113.8]", helo: "[10.1.1.1]", fromIP: "203.0.113.8",
			by: "smtp.rcpt.example", with: "esmtpa", id: "1abc", time: "2026-03-05T11:22:33Z",
		},
		{
			name:     "exim rdns equals helo, ip with port",
			in:       "from relay.sender.example ([203.0.113.9]:40022) by smtp.rcpt.example with esmtp id 7; Thu, 05 Mar 2026 11:22:33 +0000",
			fromHost: "relay.sender.example", rdns: "relay.sender.example", helo: "relay.sender.example", fromIP: "203.0.113.9",
			by: "smtp.rcpt.example", with: "esmtp", id: "7", time: "2026-03-05T11:22:33Z",
		},
		{
			name:     "sendmail may be forged",
			in:       "from claimed.example (rdns.sender.example [192.0.2.44] (may be forged)) by mx.rcpt.example (8.17.1/8.17.1) with ESMTP id 12AB; Fri, 6 Mar 2026 08:00:00 -0500",
			fromHost: "claimed.example", rdns: "rdns.sender.example", helo: "claimed.example", fromIP: "192.0.2.44", forged: true,
			by: "mx.rcpt.example", with: "ESMTP", id: "12AB", time: "2026-03-06T08:00:00-05:00",
		},
		{
			name:     "sendmail ident",
			in:       "from pc.sender.example (alice@gw.sender.example [192.0.2.45]) by mx.rcpt.example (8.14.4/8.14.4) id 34CD; Fri, 6 Mar 2026 08:00:00 GMT",
			fromHost: "pc.sender.example", rdns: "gw.sender.example", helo: "pc.sender.example", fromIP: "192.0.2.45",
			by: "mx.rcpt.example", id: "34CD", time: "2026-03-06T08:00:00Z",
		},
		{
			name:     "sendmail ip with port dot",
			in:       "from gw.sender.example (gw.sender.example [192.0.2.46].25) by mx.rcpt.example id 1; Fri, 6 Mar 2026 08:00:00 GMT",
			fromHost: "gw.sender.example", rdns: "gw.sender.example", helo: "gw.sender.example", fromIP: "192.0.2.46",
			by: "mx.rcpt.example", id: "1", time: "2026-03-06T08:00:00Z",
		},
		{
			name:     "sendmail bare ip with port",
			in:       "from gw.sender.example (192.0.2.47.1025) by mx.rcpt.example; Fri, 6 Mar 2026 08:00:00 GMT",
			fromHost: "gw.sender.example", helo: "gw.sender.example", fromIP: "192.0.2.47",
			by: "mx.rcpt.example", time: "2026-03-06T08:00:00Z",
		},
		{
			name:     "qmail helo",
			in:       "from unknown (HELO smtp.sender.example) (198.51.100.20)\n  by mx.rcpt.example with SMTP; 7 Mar 2026 12:00:00 -0000",
			fromHost: "unknown", helo: "smtp.sender.example", fromIP: "198.51.100.20",
			by: "mx.rcpt.example", with: "SMTP", time: "2026-03-07T12:00:00Z",
		},
		{
			name:     "qmail bracketed",
			in:       "from host.sender.example (HELO box) ([198.51.100.21]) by mx.rcpt.example with ESMTP; 7 Mar 2026 12:00:00 -0000",
			fromHost: "host.sender.example", rdns: "host.sender.example", helo: "box", fromIP: "198.51.100.21",
			by: "mx.rcpt.example", with: "ESMTP", time: "2026-03-07T12:00:00Z",
		},
		{
			name:     "qmail helo and smtp auth user",
			in:       "from unknown (HELO mail.sender.example) (alice@198.51.100.22 with login) by smtp.rcpt.example with SMTP; 7 Mar 2026 12:00:00 -0000",
			fromHost: "unknown", helo: "mail.sender.example", fromIP: "198.51.100.22",
			by: "smtp.rcpt.example", with: "SMTP", time: "2026-03-07T12:00:00Z",
		},
		{
			name:     "qmail user at address",
			in:       "from unknown (alice@198.51.100.23) by mx.rcpt.example with SMTP; 7 Mar 2026 12:00:00 -0000",
			fromHost: "unknown", fromIP: "198.51.100.23",
			by: "mx.rcpt.example", with: "SMTP", time: "2026-03-07T12:00:00Z",
		},
		{
			name:     "qmail user with a domain, literal helo",
			in:       "from unknown (HELO ?192.168.1.5?) (bob@sender.example@198.51.100.24 with plain) by smtp.rcpt.example with SMTP; 23 Apr 2007 22:43:03 -0000",
			fromHost: "unknown", helo: "?192.168.1.5?", fromIP: "198.51.100.24",
			by: "smtp.rcpt.example", with: "SMTP", time: "2007-04-23T22:43:03Z",
		},
		{
			name:     "qmail-ldap bracketed ident",
			in:       "from relay.sender.example (HELO relay) (op1@[198.51.100.25]) (envelope-sender <a@sender.example>) by mta15 (qmail-ldap-1.03) with SMTP for <bob@rcpt.example>; 21 Apr 2007 14:31:36 -0000",
			fromHost: "relay.sender.example", rdns: "relay.sender.example", helo: "relay", fromIP: "198.51.100.25",
			by: "mta15", with: "SMTP", for_: "<bob@rcpt.example>", time: "2007-04-21T14:31:36Z",
		},
		{
			name:     "exim 3 literal with port",
			in:       "from host.sender.example [198.51.100.26.4321] by mx.rcpt.example with esmtp (Exim 3.35 #1 (Debian)) id 18SWRe-0006X6-00; Sunday, 06-Nov-94 08:49:37 GMT",
			fromHost: "host.sender.example", rdns: "host.sender.example", helo: "host.sender.example", fromIP: "198.51.100.26",
			by: "mx.rcpt.example", with: "esmtp", id: "18SWRe-0006X6-00", time: "1994-11-06T08:49:37Z",
		},
		{
			name:     "exim 3 helo differs",
			in:       "from rdns.sender.example (claimed.example) [198.51.100.27] by mx.rcpt.example with esmtp id 17aWyy-0006i4-00; Fri, 02 Aug 2002 08:36:21 +0100",
			fromHost: "rdns.sender.example", rdns: "rdns.sender.example", helo: "claimed.example", fromIP: "198.51.100.27",
			by: "mx.rcpt.example", with: "esmtp", id: "17aWyy-0006i4-00", time: "2002-08-02T08:36:21+01:00",
		},
		{
			name:     "exim 3 bracketed port in tcp info",
			in:       "from rdns.sender.example ([198.51.100.28.1025] helo=claimed.example) by mx.rcpt.example with esmtp (Exim 3.36 #1) id 1abc-0001-00; Sun, 06 Nov 1994 08:49:37 +0000",
			fromHost: "rdns.sender.example", rdns: "rdns.sender.example", helo: "claimed.example", fromIP: "198.51.100.28",
			by: "mx.rcpt.example", with: "esmtp", id: "1abc-0001-00", time: "1994-11-06T08:49:37Z",
		},
		{
			name:     "gmx ehlo then literal",
			in:       "from dsl.isp.example (EHLO localhost) [198.51.100.29] by mail.gmx.net (mp026) with SMTP; 19 Apr 2007 21:41:28 +0200",
			fromHost: "dsl.isp.example", rdns: "dsl.isp.example", helo: "localhost", fromIP: "198.51.100.29",
			by: "mail.gmx.net", with: "SMTP", time: "2007-04-19T21:41:28+02:00",
		},
		{
			name:     "from HELO literal only",
			in:       "from unknown (from HELO [198.51.100.30]) by mx.rcpt.example with SMTP; Sunday, 06-Nov-94 08:49:37 GMT",
			fromHost: "unknown", helo: "[198.51.100.30]", fromIP: "198.51.100.30",
			by: "mx.rcpt.example", with: "SMTP", time: "1994-11-06T08:49:37Z",
		},
		{
			name:     "from HELO literal does not override the recorded address",
			in:       "from unknown (from HELO [10.0.0.1]) (198.51.100.31) by mx.rcpt.example with SMTP; 7 Mar 2026 12:00:00 -0000",
			fromHost: "unknown", helo: "[10.0.0.1]", fromIP: "198.51.100.31",
			by: "mx.rcpt.example", with: "SMTP", time: "2026-03-07T12:00:00Z",
		},
		{
			name:     "rdns glued to literal",
			in:       "from pc.sender.example (c-1.isp.example[198.51.100.32]) by mx.rcpt.example (alnrmhc13) with ESMTP id <x1>; Sat, 21 Apr 2007 16:16:29 +0000",
			fromHost: "pc.sender.example", rdns: "c-1.isp.example", helo: "pc.sender.example", fromIP: "198.51.100.32",
			by: "mx.rcpt.example", with: "ESMTP", id: "<x1>", time: "2007-04-21T16:16:29Z",
		},
		{
			name:     "mdaemon literal after by",
			in:       "from pc [198.51.100.33] by scan.rcpt.example [192.0.2.27] with SMTP (MDaemon.PRO.v5.0.6.R) for <bob@rcpt.example>; Fri, 21 Feb 2003 09:32:27 +1000",
			fromHost: "pc", helo: "pc", fromIP: "198.51.100.33",
			by: "scan.rcpt.example", byIP: "192.0.2.27", with: "SMTP", for_: "<bob@rcpt.example>", time: "2003-02-21T09:32:27+10:00",
		},
		{
			name:     "cellopoint parenthesised literal",
			in:       "from cas.sender.example [(198.51.100.34)] by gw.rcpt.example with ESMTP id 9055; Mon, 11 Nov 2019 18:28:34 +0800",
			fromHost: "cas.sender.example", rdns: "cas.sender.example", helo: "cas.sender.example", fromIP: "198.51.100.34",
			by: "gw.rcpt.example", with: "ESMTP", id: "9055", time: "2019-11-11T18:28:34+08:00",
		},
		{
			name:     "literal glued to the from name",
			in:       "from rdns.sender.example[198.51.100.35] (helo=infong233) by mx.rcpt.example with esmtp id 1; Mon, 11 Nov 2019 18:28:34 +0000",
			fromHost: "rdns.sender.example", rdns: "rdns.sender.example", helo: "infong233", fromIP: "198.51.100.35",
			by: "mx.rcpt.example", with: "esmtp", id: "1", time: "2019-11-11T18:28:34Z",
		},
		{
			name:     "oracle slash address",
			in:       "from ca.sender.example (/10.129.68.131) by default (Oracle Beehive Gateway v4.0) with ESMTP ; Tue, 19 May 2020 14:52:57 -0700",
			fromHost: "ca.sender.example", helo: "ca.sender.example", fromIP: "10.129.68.131",
			by: "default", with: "ESMTP", time: "2020-05-19T14:52:57-07:00",
		},
		{
			name: "qmail invoked",
			in:   "(qmail 4242 invoked by uid 89); 7 Mar 2026 12:00:00 -0000",
			time: "2026-03-07T12:00:00Z",
		},
		{
			name:     "exchange frontdoor",
			in:       "from mail.sender.example (203.0.113.50) by\r\n AB1EUR01FT011.mail.protection.outlook.com (10.152.1.10) with Microsoft\r\n SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id\r\n 15.20.1.1 via Frontend Transport; Sun, 8 Mar 2026 01:02:03 +0000",
			fromHost: "mail.sender.example", helo: "mail.sender.example", fromIP: "203.0.113.50",
			by: "ab1eur01ft011.mail.protection.outlook.com", byIP: "10.152.1.10", with: "Microsoft SMTP Server", id: "15.20.1.1",
			time: "2026-03-08T01:02:03Z",
		},
		{
			name:     "exchange internal 2603",
			in:       "from AB1PR01CA0001.eurprd01.prod.outlook.com (2603:10a6:20b:1::1)\n by CD2PR02MB0002.namprd02.prod.outlook.com (2603:10b6:5:2::2) with\n Microsoft SMTP Server (version=TLS1_2) id 15.20.1.1; Sun, 8 Mar\n 2026 01:02:04 +0000",
			fromHost: "AB1PR01CA0001.eurprd01.prod.outlook.com", helo: "AB1PR01CA0001.eurprd01.prod.outlook.com", fromIP: "2603:10a6:20b:1::1",
			by: "cd2pr02mb0002.namprd02.prod.outlook.com", byIP: "2603:10b6:5:2::2", with: "Microsoft SMTP Server", id: "15.20.1.1",
			time: "2026-03-08T01:02:04Z",
		},
		{
			name:     "exchange loopback https",
			in:       "from CD2PR02MB0002.namprd02.prod.outlook.com (::1) by EF3PR03MB0003.namprd03.prod.outlook.com with HTTPS; Sun, 8 Mar 2026 01:02:05 +0000",
			fromHost: "CD2PR02MB0002.namprd02.prod.outlook.com", helo: "CD2PR02MB0002.namprd02.prod.outlook.com", fromIP: "::1",
			by: "ef3pr03mb0003.namprd03.prod.outlook.com", with: "HTTPS", time: "2026-03-08T01:02:05Z",
		},
		{
			name:     "exchange mapi link-local with zone",
			in:       "from AB1PR01MB0001.eurprd01.prod.outlook.com ([fe80::1:2:3:4]) by AB1PR01MB0001.eurprd01.prod.outlook.com ([fe80::1:2:3:4%5]) with mapi id 15.20.1.027; Sun, 8 Mar 2026 01:02:00 +0000",
			fromHost: "AB1PR01MB0001.eurprd01.prod.outlook.com", rdns: "ab1pr01mb0001.eurprd01.prod.outlook.com", helo: "AB1PR01MB0001.eurprd01.prod.outlook.com", fromIP: "fe80::1:2:3:4",
			by: "ab1pr01mb0001.eurprd01.prod.outlook.com", byIP: "fe80::1:2:3:4", with: "mapi", id: "15.20.1.027", time: "2026-03-08T01:02:00Z",
		},
		{
			name:     "gmail inbound trailing dot",
			in:       "from mail-ed1-f41.google.com (mail-ed1-f41.google.com. [209.85.208.41])\n        by mx.google.com with SMTPS id a1b2c3sor123.45.2026.03.09.04.05.06\n        for <bob@rcpt.example>\n        (Google Transport Security);\n        Mon, 09 Mar 2026 04:05:06 -0700 (PDT)",
			fromHost: "mail-ed1-f41.google.com", rdns: "mail-ed1-f41.google.com", helo: "mail-ed1-f41.google.com", fromIP: "209.85.208.41",
			by: "mx.google.com", with: "SMTPS", id: "a1b2c3sor123.45.2026.03.09.04.05.06", for_: "<bob@rcpt.example>",
			time: "2026-03-09T04:05:06-07:00",
		},
		{
			name: "gmail internal id is not an address",
			in:   "by 2002:a05:6504:1234:b0:2a1:aaaa:bbbb with SMTP id x1csp123;\n        Mon, 9 Mar 2026 04:05:07 -0700 (PDT)",
			by:   "2002:a05:6504:1234:b0:2a1:aaaa:bbbb", with: "SMTP", id: "x1csp123", time: "2026-03-09T04:05:07-07:00",
		},
		{
			name:     "trailing dots and uppercase keywords",
			in:       "FROM Relay.Sender.Example. (relay.sender.example. [192.0.2.60]) BY MX.Rcpt.Example. WITH ESMTP ID Z9; Mon, 9 Mar 2026 04:05:07 +0000",
			fromHost: "Relay.Sender.Example", rdns: "relay.sender.example", helo: "Relay.Sender.Example", fromIP: "192.0.2.60",
			by: "mx.rcpt.example", with: "ESMTP", id: "Z9", time: "2026-03-09T04:05:07Z",
		},
		{
			name:     "nested comments with parens and semicolons",
			in:       "from a.sender.example (a.sender.example [192.0.2.61]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits); key-exchange X25519) (No client certificate requested) by mx.rcpt.example (Postfix) with ESMTPS id QQ; Mon, 9 Mar 2026 04:05:07 +0000",
			fromHost: "a.sender.example", rdns: "a.sender.example", helo: "a.sender.example", fromIP: "192.0.2.61",
			by: "mx.rcpt.example", with: "ESMTPS", id: "QQ", time: "2026-03-09T04:05:07Z",
		},
		{
			name:     "missing semicolon before date",
			in:       "from a.sender.example (a.sender.example [192.0.2.62]) by relay.sender.example (SG) with ESMTP id Kx9 Mon, 09 Mar 2026 04:05:07.123 +0000 (UTC)",
			fromHost: "a.sender.example", rdns: "a.sender.example", helo: "a.sender.example", fromIP: "192.0.2.62",
			by: "relay.sender.example", with: "ESMTP", id: "Kx9", time: "2026-03-09T04:05:07.123Z",
		},
		{
			name: "go time format without semicolon",
			in:   "by filter1.sender.example with SMTP id filter1-1-2-3\n 2026-03-09 04:05:07.270951634 +0000 UTC",
			by:   "filter1.sender.example", with: "SMTP", id: "filter1-1-2-3", time: "2026-03-09T04:05:07.270951634Z",
		},
		{
			name:     "address literal without tcp info",
			in:       "from [192.0.2.63] by webmail.sender.example with HTTP; Mon, 9 Mar 2026 04:05:07 +0000",
			fromHost: "[192.0.2.63]", helo: "[192.0.2.63]", fromIP: "192.0.2.63",
			by: "webmail.sender.example", with: "HTTP", time: "2026-03-09T04:05:07Z",
		},
		{
			name:     "ipv4-mapped ipv6",
			in:       "from x.sender.example (x.sender.example [IPv6:::ffff:192.0.2.64]) by mx.rcpt.example; Mon, 9 Mar 2026 04:05:07 +0000",
			fromHost: "x.sender.example", rdns: "x.sender.example", helo: "x.sender.example", fromIP: "192.0.2.64",
			by: "mx.rcpt.example", time: "2026-03-09T04:05:07Z",
		},
		{
			name:     "field name included",
			in:       "Received: from y.sender.example (y.sender.example [192.0.2.65]) by mx.rcpt.example; Mon, 9 Mar 2026 04:05:07 +0000",
			fromHost: "y.sender.example", rdns: "y.sender.example", helo: "y.sender.example", fromIP: "192.0.2.65",
			by: "mx.rcpt.example", time: "2026-03-09T04:05:07Z",
		},
		{name: "empty", in: ""},
		{name: "only semicolon", in: ";"},
		{name: "garbage", in: "(((( [[[ \"\" ;;; )))) from by with id for"},
		{
			name:     "unterminated comment",
			in:       "from z.sender.example (z.sender.example [192.0.2.66] by mx.rcpt.example",
			fromHost: "z.sender.example", rdns: "z.sender.example", helo: "z.sender.example", fromIP: "192.0.2.66",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Parse(tt.in)
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("FromHost", h.FromHost, tt.fromHost)
			check("FromRDNS", h.FromRDNS, tt.rdns)
			check("Helo", h.Helo, tt.helo)
			if h.FromIP != addr(tt.fromIP) {
				t.Errorf("FromIP = %v, want %v", h.FromIP, tt.fromIP)
			}
			check("By", h.By, tt.by)
			if h.ByIP != addr(tt.byIP) {
				t.Errorf("ByIP = %v, want %v", h.ByIP, tt.byIP)
			}
			check("With", h.With, tt.with)
			check("ID", h.ID, tt.id)
			check("For", h.For, tt.for_)
			if h.Forged != tt.forged {
				t.Errorf("Forged = %v, want %v", h.Forged, tt.forged)
			}
			gotT := ""
			if !h.Time.IsZero() {
				gotT = h.Time.Format(time.RFC3339Nano)
			}
			check("Time", gotT, tt.time)
			if h.Raw != tt.in {
				t.Errorf("Raw not kept")
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		needTime bool
		want     string // RFC 3339; "" for zero
	}{
		{"Tue, 3 Mar 2026 09:15:02 +0100", false, "2026-03-03T09:15:02+01:00"},
		{"3 Mar 2026 09:15:02 +0100", false, "2026-03-03T09:15:02+01:00"},
		{"Tue,  3 Mar 2026 09:15 +0100", false, "2026-03-03T09:15:00+01:00"}, // no seconds
		{"Tue, 3 Mar 26 09:15:02 +0100", false, "2026-03-03T09:15:02+01:00"}, // 2-digit year
		{"Wed, 3 Mar 99 09:15:02 GMT", false, "1999-03-03T09:15:02Z"},        // 2-digit year, 1900s
		{"Wed, 3 Mar 102 09:15:02 GMT", false, "2002-03-03T09:15:02Z"},       // 3-digit year
		{"Tue, 3 Mar 2026 09:15:02 PST", false, "2026-03-03T09:15:02-08:00"}, // obsolete zone
		{"Tue, 3 Mar 2026 09:15:02 EDT", false, "2026-03-03T09:15:02-04:00"}, // obsolete zone
		{"Tue, 3 Mar 2026 09:15:02 -0800 (PST)", false, "2026-03-03T09:15:02-08:00"},
		{"Tue, 3 Mar 2026 09:15:02 (PST)", false, "2026-03-03T09:15:02Z"},       // zone only in a comment: unknown
		{"Tue, 3 Mar 2026 09:15:02 Z", false, "2026-03-03T09:15:02Z"},           // military
		{"Tue, 3 Mar 2026 09:15:02 +09:00", false, "2026-03-03T09:15:02+09:00"}, // colon offset
		{"Thur, 29 Mar 2018 14:35:36 +0000", false, "2018-03-29T14:35:36Z"},     // odd weekday
		{"Tuesday, 03-Mar-2026 09:15:02 GMT", false, "2026-03-03T09:15:02Z"},    // RFC 850, 4-digit year
		{"Sunday, 06-Nov-94 08:49:37 GMT", false, "1994-11-06T08:49:37Z"},       // RFC 850
		{"06-Nov-94 08:49:37 -0500", false, "1994-11-06T08:49:37-05:00"},        // RFC 850 without weekday
		{"Sunday, 06-Foo-94 08:49:37 GMT", false, ""},                           // not a month
		{"Sunday, 31-Feb-94 08:49:37 GMT", false, ""},                           // no such day
		{"2026-03-03 09:15:02.5 +0000 UTC", false, "2026-03-03T09:15:02.5Z"},
		{"2026-03-03T09:15:02Z", false, "2026-03-03T09:15:02Z"},
		{"2026-03-03T09:15:02+09:00", false, "2026-03-03T09:15:02+09:00"},
		{"Mar 3 09:15:02 2026", false, "2026-03-03T09:15:02Z"}, // asctime
		{"22 Apr 2018", false, "2018-04-22T00:00:00Z"},
		{"22 Apr 2018", true, ""},
		{"31 Feb 2026 10:00:00 +0000", false, ""},
		{"3 Mar 2026 25:00:00 +0000", false, ""},
		{"3 Foo 2026 10:00:00 +0000", false, ""},
		{"", false, ""},
		{"Mon,", false, ""},
		{"Mon 1 May 0000", false, ""},      // fuzz: year 0
		{"0001-01-01 00:00:00", false, ""}, // implausible year
		{"0000-t0-00", false, ""},          // fuzz: a 'T' inside the date
	}
	for _, tt := range tests {
		got := parseDate(tt.in, tt.needTime)
		gs := ""
		if !got.IsZero() {
			gs = got.Format(time.RFC3339Nano)
		}
		if gs != tt.want {
			t.Errorf("parseDate(%q, %v) = %q, want %q", tt.in, tt.needTime, gs, tt.want)
		}
	}
}

func TestParseAddr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"[192.0.2.1]", "192.0.2.1"},
		{"[192.0.2.1]:25", "192.0.2.1"},
		{"192.0.2.1.25", "192.0.2.1"},
		{"[IPv6:2001:db8::1]", "2001:db8::1"},
		{"[ipv6:2001:DB8::1]", "2001:db8::1"},
		{"2603:10a6:10:4ba::9", "2603:10a6:10:4ba::9"},
		{"[fe80::1%4]", "fe80::1"},
		{"::ffff:192.0.2.9", "192.0.2.9"},
		{"192.0.2.1.99999", ""},
		{"[192.0.2.1]x", ""},
		{"example.com", ""},
		{"1.2.3", ""},
		{"", ""},
		{"[", ""},
	}
	for _, tt := range tests {
		a, ok := parseAddr(tt.in)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("parseAddr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseBounds(t *testing.T) {
	long := "from " + strings.Repeat("(", 100000) + " by x"
	h := Parse(long)
	if len(h.Raw) != MaxValueLen {
		t.Errorf("Raw len %d, want %d", len(h.Raw), MaxValueLen)
	}
	many := strings.Repeat("1 ", 50000)
	_ = Parse(many) // must stay fast and not panic
}
