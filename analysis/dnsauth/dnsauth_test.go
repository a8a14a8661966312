package dnsauth_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/dnsauth"
	"github.com/checkmail/checkmail/analysis/report"
)

const mail = "From: Rakuten <info@comm.rakuten.co.jp>\r\n" +
	"To: user@example.jp\r\n" +
	"Subject: SMARTalk notice\r\n" +
	"Date: Sat, 18 Dec 2021 10:00:00 +0900\r\n" +
	"Message-ID: <abc@comm.rakuten.co.jp>\r\n" +
	"\r\n" +
	"Hello.\r\nThis is the body.\r\n"

func TestResolver(t *testing.T) {
	srv := analysistest.NewDNSServer(t)
	srv.TXT("one.example", "hello world")
	long := strings.Repeat("k", 400)
	for i := 0; i < 5; i++ { // over the 1232-byte UDP size: TCP fallback
		srv.TXT("big.example", long+string(rune('a'+i)))
	}
	srv.A("host.example", "192.0.2.1", "2001:db8::1")
	srv.ServFail("fail.example")
	srv.Hang("hang.example")
	r := &dnsauth.DNSResolver{Addr: srv.Addr(), Timeout: 200 * time.Millisecond}
	ctx := context.Background()

	if got, err := r.LookupTXT(ctx, "ONE.example."); err != nil || !reflect.DeepEqual(got, []string{"hello world"}) {
		t.Errorf("one: %q %v", got, err)
	}
	if got, err := r.LookupTXT(ctx, "big.example"); err != nil || len(got) != 5 || len(got[0]) != 401 {
		t.Errorf("big (TCP fallback): %d records, err %v", len(got), err)
	}
	if got, err := r.LookupIPAddr(ctx, "host.example"); err != nil || len(got) != 2 {
		t.Errorf("ipaddr: %v %v", got, err)
	}
	tests := []struct {
		name                string
		notFound, temporary bool
	}{
		{"none.example", true, false},
		{"fail.example", false, true},
		{"hang.example", false, true},
		{"bad..name", true, false},
	}
	for _, tc := range tests {
		start := time.Now()
		_, err := r.LookupTXT(ctx, tc.name)
		var de *net.DNSError
		if !errors.As(err, &de) || de.IsNotFound != tc.notFound || de.IsTemporary != tc.temporary {
			t.Errorf("%s: err = %#v", tc.name, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s took %v", tc.name, d)
		}
	}
}

func TestDKIM(t *testing.T) {
	srv := analysistest.NewDNSServer(t)
	// No server here hangs: a generous timeout keeps the test stable on a
	// loaded machine.
	c := &dnsauth.Checker{Resolver: &dnsauth.DNSResolver{Addr: srv.Addr(), Timeout: 3 * time.Second}}
	signed, txt := analysistest.SignDKIM(t, []byte(mail), "rakuten.co.jp", "s2021")
	srv.TXT("s2021._domainkey.rakuten.co.jp", txt)
	ed, edTXT := analysistest.SignDKIMEd25519(t, []byte(mail), "emberpoint.com", "ep1")
	srv.TXT("ep1._domainkey.emberpoint.com", edTXT)
	gone, _ := analysistest.SignDKIMEd25519(t, []byte(mail), "old.example", "rotated")
	revoked, _ := analysistest.SignDKIMEd25519(t, []byte(mail), "revoked.example", "r1")
	srv.TXT("r1._domainkey.revoked.example", "v=DKIM1; k=ed25519; p=")
	tempfail, _ := analysistest.SignDKIMEd25519(t, []byte(mail), "flaky.example", "f1")
	srv.ServFail("f1._domainkey.flaky.example")
	// Two signatures: the ESP's on top of the brand's.
	both, _ := analysistest.SignDKIMEd25519(t, signed, "emberpoint.com", "ep1")

	tests := []struct {
		name        string
		raw         []byte
		bodyMissing bool
		want        []string // domain=result
	}{
		{"rsa pass", signed, false, []string{"rakuten.co.jp=pass"}},
		{"ed25519 pass", ed, false, []string{"emberpoint.com=pass"}},
		{"body changed", bytes.Replace(signed, []byte("This is the body."), []byte("Click here now!!!"), 1), false, []string{"rakuten.co.jp=fail"}},
		{"header changed", bytes.Replace(signed, []byte("Subject: SMARTalk notice"), []byte("Subject: Urgent payment"), 1), false, []string{"rakuten.co.jp=fail"}},
		{"key gone", gone, false, []string{"old.example=unverifiable"}},
		{"key revoked", revoked, false, []string{"revoked.example=unverifiable"}},
		{"dns failure", tempfail, false, []string{"flaky.example=unverifiable"}},
		{"headers only", signed, true, []string{"rakuten.co.jp=unverifiable"}},
		{"two signatures", both, false, []string{"emberpoint.com=pass", "rakuten.co.jp=pass"}},
		{"unsigned", []byte(mail), false, nil},
		{"garbage", []byte("DKIM-Signature: v=1; d=x; s=y\r\n\r\n"), false, []string{"x=error"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got, reasons []string
			for _, chk := range c.DKIM(context.Background(), tc.raw, tc.bodyMissing) {
				got = append(got, chk.Domain+"="+chk.Result)
				reasons = append(reasons, chk.Error)
				if chk.Selector == "" {
					t.Errorf("no selector in %+v", chk)
				}
				if chk.Result != "pass" && chk.Error == "" {
					t.Errorf("no reason in %+v", chk)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q (%q), want %q", got, reasons, tc.want)
			}
		})
	}
}

func TestDMARC(t *testing.T) {
	srv := analysistest.NewDNSServer(t)
	srv.TXT("_dmarc.rakuten.co.jp", "v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:d@rakuten.co.jp")
	srv.TXT("_dmarc.smartalk-rakuten.com", "v=spf1 -all", "v=DMARC1; p=none")
	srv.ServFail("_dmarc.flaky.example")
	c := &dnsauth.Checker{Resolver: &dnsauth.DNSResolver{Addr: srv.Addr()}}
	tests := []struct {
		domain string
		want   dnsauth.Policy
		err    bool
	}{
		{"rakuten.co.jp", dnsauth.Policy{Domain: "rakuten.co.jp", P: "reject", SP: "quarantine", Pct: 50}, false},
		{"comm.rakuten.co.jp", dnsauth.Policy{Domain: "rakuten.co.jp", P: "reject", SP: "quarantine", Pct: 50}, false},
		{"smartalk-rakuten.com", dnsauth.Policy{Domain: "smartalk-rakuten.com", P: "none", Pct: 100}, false},
		{"nodmarc.example", dnsauth.Policy{}, true},
		{"flaky.example", dnsauth.Policy{}, true},
		{"", dnsauth.Policy{}, true},
	}
	for _, tc := range tests {
		got, err := c.DMARC(context.Background(), tc.domain)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("%q: got %+v %v", tc.domain, got, err)
		}
	}
	if _, err := c.DMARC(context.Background(), "nodmarc.example"); !errors.Is(err, dnsauth.ErrNoDMARC) {
		t.Errorf("err = %v, want ErrNoDMARC", err)
	}
}

func TestSPF(t *testing.T) {
	srv := analysistest.NewDNSServer(t)
	srv.TXT("bma.mpse.jp", "v=spf1 ip4:106.184.0.0/14 include:_spf.emberpoint.com -all")
	srv.TXT("_spf.emberpoint.com", "v=spf1 ip4:203.0.113.0/24 ~all")
	srv.TXT("soft.example", "v=spf1 ~all")
	srv.TXT("broken.example", "v=spf1 ip4:not-an-ip -all")
	srv.ServFail("flaky.example")
	c := &dnsauth.Checker{Resolver: &dnsauth.DNSResolver{Addr: srv.Addr()}}
	tests := []struct {
		ip, helo, from, want string
	}{
		{"106.185.101.209", "mta.example", "<bounce-1@bma.mpse.jp>", "pass"},
		{"203.0.113.9", "mta.example", "bounce-1@bma.mpse.jp", "pass"},
		{"45.137.21.9", "mta.example", "bounce-1@bma.mpse.jp", "fail"},
		{"45.137.21.9", "mta.example", "x@soft.example", "softfail"},
		{"45.137.21.9", "mta.example", "x@nospf.example", "none"},
		{"45.137.21.9", "mta.example", "x@broken.example", "permerror"},
		{"45.137.21.9", "mta.example", "x@flaky.example", "temperror"},
		{"106.185.101.209", "bma.mpse.jp", "", "pass"}, // null sender: HELO
	}
	for _, tc := range tests {
		got, _ := c.SPF(context.Background(), netip.MustParseAddr(tc.ip), tc.helo, tc.from)
		if got != tc.want {
			t.Errorf("%s %s: got %q, want %q", tc.ip, tc.from, got, tc.want)
		}
	}
	if _, err := c.SPF(context.Background(), netip.Addr{}, "h", "a@b"); err == nil {
		t.Error("no IP: want error")
	}
}

func TestDisagreements(t *testing.T) {
	tests := []struct {
		name string
		rec  report.Auth
		own  report.OwnAuth
		want []string
	}{
		{"agree", report.Auth{SPF: "pass", DKIM: "pass", DKIMPassed: []string{"rakuten.co.jp"}},
			report.OwnAuth{SPF: "pass", DKIM: []report.DKIMCheck{{Domain: "rakuten.co.jp", Result: "pass"}}}, nil},
		{"spf", report.Auth{SPF: "pass"}, report.OwnAuth{SPF: "fail"}, []string{"recorded spf=pass but our check says fail"}},
		{"spf softfail vs fail", report.Auth{SPF: "fail"}, report.OwnAuth{SPF: "softfail"}, nil},
		{"spf temperror", report.Auth{SPF: "pass"}, report.OwnAuth{SPF: "temperror"}, nil},
		{"dkim fail", report.Auth{DKIM: "pass", DKIMPassed: []string{"rakuten.co.jp"}},
			report.OwnAuth{DKIM: []report.DKIMCheck{{Domain: "rakuten.co.jp", Result: "fail"}}}, []string{"recorded dkim=pass for rakuten.co.jp but our check failed"}},
		{"dkim rotated", report.Auth{DKIM: "pass", DKIMPassed: []string{"rakuten.co.jp"}},
			report.OwnAuth{DKIM: []report.DKIMCheck{{Domain: "rakuten.co.jp", Result: "unverifiable"}}}, nil},
		{"dkim pass vs recorded fail", report.Auth{DKIM: "fail"},
			report.OwnAuth{DKIM: []report.DKIMCheck{{Domain: "x.example", Result: "pass"}}}, []string{"recorded dkim=fail but our check passed for x.example"}},
	}
	for _, tc := range tests {
		if got := dnsauth.Disagreements(tc.rec, tc.own); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	srv := analysistest.NewDNSServer(t)
	signed, txt := analysistest.SignDKIMEd25519(t, []byte(mail), "rakuten.co.jp", "s1")
	srv.TXT("s1._domainkey.rakuten.co.jp", txt)
	srv.TXT("_dmarc.rakuten.co.jp", "v=DMARC1; p=reject")
	srv.TXT("bma.mpse.jp", "v=spf1 ip4:106.184.0.0/14 -all")
	c := &dnsauth.Checker{Resolver: &dnsauth.DNSResolver{Addr: srv.Addr()}}
	own, errs := c.Check(context.Background(), dnsauth.Input{
		Raw: signed, FromDomain: "comm.rakuten.co.jp", OriginIP: netip.MustParseAddr("45.137.21.9"),
		MailFrom: "b@bma.mpse.jp", Helo: "x", Recorded: report.Auth{SPF: "pass", DKIM: "pass", DKIMPassed: []string{"rakuten.co.jp"}},
	})
	if len(errs) != 0 {
		t.Errorf("errs = %v", errs)
	}
	want := report.OwnAuth{
		DKIM:          []report.DKIMCheck{{Domain: "rakuten.co.jp", Selector: "s1", Result: "pass"}},
		SPF:           "fail",
		DMARCPolicy:   "reject",
		DMARCPct:      100,
		Disagreements: []string{"recorded spf=pass but our check says fail"},
	}
	if !reflect.DeepEqual(own, want) {
		t.Errorf("got  %+v\nwant %+v", own, want)
	}
}
