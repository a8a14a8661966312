package whois_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/whois"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

const denic = `Domain: example.de
Nserver: a.iana-servers.net
Status: connect
Changed: 2018-03-12T21:44:25+01:00
`

const nominet = `
    Domain name:
        example.co.uk

    Data validation:
        Nominet was able to match the registrant's name and address against a 3rd party data source on 10-Dec-2012

    Registrar:
        Nominet UK [Tag = NOMINET]
        URL: http://www.nominet.uk

    Relevant dates:
        Registered on: 26-Nov-1996
        Expiry date:  26-Nov-2030

    Registration status:
        No registration status listed.
`

const gtld = `   Domain Name: SMARTALK-RAKUTEN.COM
   Registry Domain ID: 2660000000_DOMAIN_COM-VRSN
   Registrar WHOIS Server: whois.namesilo.com
   Registrar URL: http://www.namesilo.com
   Updated Date: 2021-12-14T09:12:44Z
   Creation Date: 2021-12-14T09:12:43Z
   Registry Expiry Date: 2022-12-14T09:12:43Z
   Registrar: NameSilo, LLC
   Registrar IANA ID: 1479
   Domain Status: clientTransferProhibited https://icann.org/epp#clientTransferProhibited
   Registrant Organization: REDACTED FOR PRIVACY
   Registrant Name: REDACTED FOR PRIVACY
>>> Last update of whois database: 2021-12-18T00:00:00Z <<<

NOTICE: Registrant: this text is legal boilerplate, not data.
`

const cnnic = `Domain Name: example.cn
ROID: 20030311s10001s00000000-cn
Domain Status: ok
Registrant: Example Network Co., Ltd.
Registrant Contact Email: admin@example.cn
Sponsoring Registrar: Alibaba Cloud Computing Co., Ltd.
Registration Time: 2003-03-17 12:20:05
Expiration Time: 2025-03-17 12:48:36
`

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want whois.DomainInfo
		err  error
	}{
		{"jprs generic", analysistest.JPRSGeneric("ip-phone-smart.jp", "Rakuten Mobile, Inc.", "2014/05/14", "2022/05/31"),
			whois.DomainInfo{Name: "ip-phone-smart.jp", Registrant: "Rakuten Mobile, Inc.", Created: day(2014, 5, 14), Status: []string{"Active"}, Source: "whois"}, nil},
		{"jprs co.jp", analysistest.JPRSOrganizational("rakuten.co.jp", "Rakuten Group, Inc.", "1997/04/07", "2022/03/31"),
			whois.DomainInfo{Name: "rakuten.co.jp", Registrant: "Rakuten Group, Inc.", Created: day(1997, 4, 7), Status: []string{"Connected"}, Source: "whois"}, nil},
		{"jprs not disclosed", analysistest.JPRSGeneric("hidden.jp", "(Not Disclosed)", "2020/01/02", "2022/01/31"),
			whois.DomainInfo{Name: "hidden.jp", Created: day(2020, 1, 2), Status: []string{"Active"}, Source: "whois"}, nil},
		{"jprs japanese", "[ドメイン名]                  EXAMPLE.JP\n[登録者名]                    株式会社例\n[作成日]                      2001/02/03\n[状態]                        Active\n",
			whois.DomainInfo{Name: "example.jp", Registrant: "株式会社例", Created: day(2001, 2, 3), Status: []string{"Active"}, Source: "whois"}, nil},
		{"jprs no match", "No match!!\r\n\r\nDon't add \"/e\" ...\r\n", whois.DomainInfo{}, whois.ErrNotFound},
		{"gtld redacted", gtld,
			whois.DomainInfo{Name: "smartalk-rakuten.com", Registrar: "NameSilo, LLC", Created: time.Date(2021, 12, 14, 9, 12, 43, 0, time.UTC), Status: []string{"clientTransferProhibited"}, Source: "whois"}, nil},
		{"cnnic", cnnic,
			whois.DomainInfo{Name: "example.cn", Registrar: "Alibaba Cloud Computing Co., Ltd.", Registrant: "Example Network Co., Ltd.", Created: time.Date(2003, 3, 17, 12, 20, 5, 0, time.UTC), Status: []string{"ok"}, Source: "whois"}, nil},
		{"nominet", nominet,
			whois.DomainInfo{Name: "example.co.uk", Registrar: "Nominet UK [Tag = NOMINET]", Created: day(1996, 11, 26), Source: "whois"}, nil},
		{"denic", denic, whois.DomainInfo{Name: "example.de", Status: []string{"connect"}, Source: "whois"}, nil},
		{"denic free", "Domain: nope.de\nStatus: free\n", whois.DomainInfo{}, whois.ErrNotFound},
		{"garbage", "\x00\x01\xff<html>hello</html>", whois.DomainInfo{}, whois.ErrGarbage},
		{"empty", "", whois.DomainInfo{}, whois.ErrGarbage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := whois.Parse([]byte(tc.in))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if tc.err != nil {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestServerFor(t *testing.T) {
	c := &whois.Client{Overrides: map[string]string{"jp": "127.0.0.1:1", "co.jp": "127.0.0.1:2", "example": "127.0.0.1:3"}}
	tests := []struct {
		domain, addr, format string
		ok                   bool
	}{
		{"rakuten.co.jp", "127.0.0.1:2", "%s/e", true}, // co.jp beats jp, keeps JPRS's /e
		{"ip-phone-smart.jp", "127.0.0.1:1", "%s/e", true},
		{"EXAMPLE.DE.", "whois.denic.de:43", "-T dn,ace %s", true},
		{"foo.example", "127.0.0.1:3", "", true},
		{"foo.xyz", "", "", false},
	}
	for _, tc := range tests {
		s, ok := c.ServerFor(tc.domain)
		if ok != tc.ok || s.Addr != tc.addr || s.Format != tc.format {
			t.Errorf("%s: got %+v %v", tc.domain, s, ok)
		}
	}
	if got := c.Suffixes(); got[0] != "co.jp" {
		t.Errorf("Suffixes not longest first: %v", got[:3])
	}
}

func TestClientAgainstServer(t *testing.T) {
	srv := analysistest.NewWHOISServer(t)
	srv.Set("rakuten.co.jp/e", analysistest.JPRSOrganizational("rakuten.co.jp", "Rakuten Group, Inc.", "1997/04/07", "2022/03/31"))
	srv.Set("huge.jp/e", "[Domain Name] HUGE.JP\n"+strings.Repeat("x", 300<<10))
	srv.Set("garbage.jp/e", "\xff\xfe garbage \x00")
	srv.Hang("slow.jp/e")
	c := &whois.Client{Overrides: map[string]string{"jp": srv.Addr()}, Timeout: time.Second}

	info, err := c.Domain(context.Background(), "Rakuten.co.jp")
	if err != nil {
		t.Fatal(err)
	}
	if info.Registrant != "Rakuten Group, Inc." || info.Created != day(1997, 4, 7) || info.Server != srv.Addr() {
		t.Errorf("got %+v", info)
	}

	tests := []struct {
		domain string
		err    error
	}{
		{"unknown.jp", whois.ErrNotFound},
		{"huge.jp", whois.ErrTooLarge},
		{"garbage.jp", whois.ErrGarbage},
		{"slow.jp", context.DeadlineExceeded},
		{"foo.xyz", whois.ErrNoServer},
	}
	for _, tc := range tests {
		start := time.Now()
		_, err := c.Domain(context.Background(), tc.domain)
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: err = %v, want %v", tc.domain, err, tc.err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s took %v", tc.domain, d)
		}
	}
	if got := srv.Queries(); len(got) != 5 || got[0] != "rakuten.co.jp/e" {
		t.Errorf("queries = %q", got)
	}

	// A cancelled context interrupts a hanging server before the timeout.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	c.Timeout = 10 * time.Second
	start := time.Now()
	if _, err := c.Domain(ctx, "slow.jp"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancel took %v", d)
	}
}

func TestQueryRejectsLineBreaks(t *testing.T) {
	c := &whois.Client{}
	if _, err := c.Query(context.Background(), "127.0.0.1:1", "a\r\nb"); err == nil {
		t.Error("want error")
	}
	if _, err := c.Domain(context.Background(), "a b.jp"); err == nil {
		t.Error("want error")
	}
}
