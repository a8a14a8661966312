package lookup_test

import (
	"context"
	"fmt"
	"net/netip"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/report"
)

const smartalkMail = "From: =?UTF-8?B?5qW95aSp44Oi44OQ44Kk44Or?= <info@comm.rakuten.co.jp>\r\n" +
	"To: user@example.jp\r\n" +
	"Subject: =?UTF-8?B?U01BUlRhbGs=?=\r\n" +
	"Date: Fri, 17 Dec 2021 10:00:00 +0900\r\n" +
	"Message-ID: <20211217100000.1@comm.rakuten.co.jp>\r\n" +
	"\r\n" +
	"SMARTalk: https://www.ip-phone-smart.jp/\r\n"

const phishMail = "From: SMARTalk <support@smartalk-rakuten.com>\r\n" +
	"To: user@example.jp\r\n" +
	"Subject: =?UTF-8?B?U01BUlRhbGs=?=\r\n" +
	"Date: Fri, 17 Dec 2021 22:00:00 +0900\r\n" +
	"Message-ID: <x1@smartalk-rakuten.com>\r\n" +
	"\r\n" +
	"Update your card: https://card-update-smartalk.com/login\r\n"

func newService(t testing.TB, c lookup.Config) *lookup.Service {
	t.Helper()
	s, err := lookup.New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func domain(t *testing.T, res lookup.Result, name string) report.Domain {
	t.Helper()
	for _, d := range res.Domains {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no domain %s in %+v", name, res.Domains)
	return report.Domain{}
}

func age(d report.Domain) int {
	if d.AgeDays == nil {
		return -1
	}
	return *d.AgeDays
}

func TestSMARTalk(t *testing.T) {
	w := analysistest.Fixtures(t)
	raw := w.Sign(t, w.Sign(t, []byte(smartalkMail), "rakuten.co.jp"), "emberpoint.com")
	s := newService(t, w.Config)
	res := s.Run(context.Background(), analysistest.SMARTalkRequest(raw))

	if want := (report.Geo{Country: "JP", CountryName: "Japan", City: "Osaka", Source: &report.GeoSource{Database: "GeoLite2-City", Built: "2021-12-18"}}); res.Geo == nil || !reflect.DeepEqual(*res.Geo, want) {
		t.Errorf("geo = %+v", res.Geo)
	}
	if res.GeoJA == nil || res.GeoJA.City != "大阪市" {
		t.Errorf("geo ja = %+v", res.GeoJA)
	}
	if want := (report.ASN{Number: 2516, Org: "KDDI CORPORATION", Source: &report.GeoSource{Database: "GeoLite2-ASN", Built: "2021-12-18"}}); res.ASN == nil || !reflect.DeepEqual(*res.ASN, want) {
		t.Errorf("asn = %+v", res.ASN)
	}
	if res.Network == nil || res.Network.Name != "KDDI" || res.Network.Source != "rdap:apnic" || res.Network.Country != "JP" || res.Network.AbuseEmail == "" {
		t.Errorf("network = %+v", res.Network)
	}
	var names []string
	for _, d := range res.Domains {
		names = append(names, d.Name)
	}
	if want := []string{"rakuten.co.jp", "mpse.jp", "emberpoint.com", "ip-phone-smart.jp"}; !reflect.DeepEqual(names, want) {
		t.Errorf("domains = %q, want %q (merged by organizational domain, request order)", names, want)
	}
	tests := []struct {
		name, registrant, registrar, created, source string
		roles                                        []string
	}{
		{"rakuten.co.jp", "Rakuten Group, Inc.", "", "1997-04-07", "whois", []string{"from", "message_id", "dkim"}},
		{"ip-phone-smart.jp", "Rakuten Mobile, Inc.", "", "2014-05-14", "whois", []string{"link"}},
		{"mpse.jp", "Emberpoint Inc.", "", "2009-06-02", "whois", []string{"return_path"}},
		{"emberpoint.com", "Emberpoint Inc.", "GMO Internet, Inc.", "2008-04-02", "rdap", []string{"dkim"}},
	}
	for _, tc := range tests {
		d := domain(t, res, tc.name)
		if d.Registrant != tc.registrant || d.Registrar != tc.registrar || d.Created != tc.created || d.Source != tc.source || d.Error != "" || !reflect.DeepEqual(d.Roles, tc.roles) {
			t.Errorf("%s: %+v", tc.name, d)
		}
	}
	if a := age(domain(t, res, "rakuten.co.jp")); a < 24*365 {
		t.Errorf("rakuten.co.jp age = %d days", a)
	}
	own := res.Own
	if own == nil {
		t.Fatal("no own auth")
	}
	if own.SPF != "pass" || own.DMARCPolicy != "reject" || len(own.Disagreements) != 0 {
		t.Errorf("own = %+v", own)
	}
	var dk []string
	for _, c := range own.DKIM {
		dk = append(dk, c.Domain+"="+c.Result)
	}
	sort.Strings(dk)
	if want := []string{"emberpoint.com=pass", "rakuten.co.jp=pass"}; !reflect.DeepEqual(dk, want) {
		t.Errorf("dkim = %q", dk)
	}
	for _, l := range res.Lookups {
		if l.Status != report.StatusOK && !(l.Kind == "rdap" && l.Status == report.StatusSkipped && strings.HasPrefix(l.Error, "no RDAP server for .jp")) {
			t.Errorf("lookup %+v", l)
		}
	}
	t.Logf("lookups: %+v", res.Lookups)
}

func TestPhish(t *testing.T) {
	w := analysistest.Fixtures(t)
	raw := w.Sign(t, []byte(phishMail), "smartalk-rakuten.com")
	s := newService(t, w.Config)
	res := s.Run(context.Background(), analysistest.PhishRequest(raw))
	if res.Geo == nil || res.Geo.Country != "NL" || res.Geo.City != "Amsterdam" || res.ASN == nil || res.ASN.Number != 9009 {
		t.Errorf("geo/asn = %+v %+v", res.Geo, res.ASN)
	}
	if res.Network == nil || res.Network.Source != "rdap:ripe" || res.Network.Org != "M247 Europe SRL" {
		t.Errorf("network = %+v", res.Network)
	}
	for name, days := range map[string]int{"smartalk-rakuten.com": 4, "card-update-smartalk.com": 3} {
		d := domain(t, res, name)
		if age(d) != days || d.Registrant != "" || d.Registrar != "NameSilo, LLC" || d.Source != "rdap" {
			t.Errorf("%s: age %d, %+v", name, age(d), d)
		}
	}
	if d := domain(t, res, "ip-phone-smart.jp"); d.Registrant != "Rakuten Mobile, Inc." {
		t.Errorf("ip-phone-smart.jp: %+v", d)
	}
	if res.Own == nil || res.Own.SPF != "pass" || res.Own.DMARCPolicy != "none" || len(res.Own.DKIM) != 1 || res.Own.DKIM[0].Result != "pass" {
		t.Errorf("own = %+v (the attacker's domain passes its own checks)", res.Own)
	}
}

func TestOffline(t *testing.T) {
	w := analysistest.Fixtures(t)
	c := w.Config
	c.Offline = true
	s := newService(t, c)
	res := s.Run(context.Background(), analysistest.SMARTalkRequest([]byte(smartalkMail)))
	if res.Geo == nil || res.Geo.City != "Osaka" || res.ASN == nil {
		t.Errorf("GeoIP must run offline: %+v %+v", res.Geo, res.ASN)
	}
	if res.Network != nil || res.Own != nil {
		t.Errorf("network/own ran offline: %+v %+v", res.Network, res.Own)
	}
	if len(res.Domains) != 4 {
		t.Errorf("domains = %+v", res.Domains)
	}
	for _, l := range res.Lookups {
		if l.Kind == "geoip" {
			if l.Status != report.StatusOK {
				t.Errorf("geoip lookup %+v", l)
			}
			continue
		}
		if l.Status != report.StatusSkipped || l.Error != "offline" {
			t.Errorf("lookup %+v, want skipped/offline", l)
		}
	}
	if n := w.RDAP.Total(); n != 0 {
		t.Errorf("%d RDAP requests offline", n)
	}
	if q := w.WHOIS.Queries(); len(q) != 0 {
		t.Errorf("WHOIS queries offline: %q", q)
	}
}

func TestGeoIPNotConfiguredOrBroken(t *testing.T) {
	w := analysistest.Fixtures(t)
	for _, tc := range []struct {
		name, city, asn, status string
		noEmbedded              bool
	}{
		{"not configured, embedded off", "", "", report.StatusSkipped, true},
		{"missing file", filepath.Join(t.TempDir(), "nope.mmdb"), "", report.StatusError, false},
		{"city only, embedded off", w.CityPath, "", report.StatusOK, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := w.Config
			c.Offline = true
			c.GeoIPCity, c.GeoIPASN, c.NoEmbeddedGeoIP = tc.city, tc.asn, tc.noEmbedded
			s := newService(t, c)
			res := s.Run(context.Background(), analysistest.SMARTalkRequest(nil))
			l := res.Lookups[0]
			if l.Kind != "geoip" || l.Status != tc.status || (tc.status != report.StatusOK && l.Error == "") {
				t.Errorf("geoip lookup = %+v", l)
			}
			if tc.status == report.StatusOK && (res.Geo == nil || res.ASN != nil || !strings.Contains(l.Error, "ASN")) {
				t.Errorf("city only: %+v %+v %+v", res.Geo, res.ASN, l)
			}
		})
	}
}

// TestGeoIPEmbedded: with no GeoIP file configured, offline, the databases
// compiled into the binary answer (the embedded data is a file, not a
// network lookup); a configured file answers its own half.
func TestGeoIPEmbedded(t *testing.T) {
	w := analysistest.Fixtures(t)
	embeddedCountry := &report.GeoSource{Database: "ip-location-db geo-whois-asn-country", Version: "2.3.2026061719", Built: "2026-06-17", Embedded: true}
	embeddedASN := &report.GeoSource{Database: "ip-location-db asn", Version: "2.3.2026061719", Built: "2026-06-17", Embedded: true}
	fileCity := &report.GeoSource{Database: "GeoLite2-City", Built: "2021-12-18"}
	fileASN := &report.GeoSource{Database: "GeoLite2-ASN", Built: "2021-12-18"}
	for _, tc := range []struct {
		name, city, asn string
		geo             report.Geo
		as              report.ASN
	}{
		{"nothing configured", "", "",
			report.Geo{Country: "JP", CountryName: "Japan", Source: embeddedCountry},
			report.ASN{Number: 2516, Org: "KDDI CORPORATION", Source: embeddedASN}},
		{"city configured", w.CityPath, "",
			report.Geo{Country: "JP", CountryName: "Japan", City: "Osaka", Source: fileCity},
			report.ASN{Number: 2516, Org: "KDDI CORPORATION", Source: embeddedASN}},
		{"asn configured", "", w.ASNPath,
			report.Geo{Country: "JP", CountryName: "Japan", Source: embeddedCountry},
			report.ASN{Number: 2516, Org: "KDDI CORPORATION", Source: fileASN}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := w.Config
			c.Offline = true
			c.GeoIPCity, c.GeoIPASN = tc.city, tc.asn
			s := newService(t, c)
			res := s.Run(context.Background(), analysistest.SMARTalkRequest(nil))
			if l := res.Lookups[0]; l.Kind != "geoip" || l.Status != report.StatusOK || l.Error != "" {
				t.Errorf("geoip lookup = %+v", l)
			}
			if res.Geo == nil || !reflect.DeepEqual(*res.Geo, tc.geo) {
				t.Errorf("geo = %+v (source %+v), want %+v", res.Geo, res.Geo.Source, tc.geo)
			}
			if res.ASN == nil || !reflect.DeepEqual(*res.ASN, tc.as) {
				t.Errorf("asn = %+v (source %+v), want %+v", res.ASN, res.ASN.Source, tc.as)
			}
		})
	}
}

func TestCacheHits(t *testing.T) {
	w := analysistest.Fixtures(t)
	s := newService(t, w.Config)
	req := analysistest.SMARTalkRequest(nil)
	first := s.Run(context.Background(), req)
	rdapN, whoisN := w.RDAP.Total(), len(w.WHOIS.Queries())
	if rdapN == 0 || whoisN != 3 {
		t.Fatalf("first run: %d RDAP, %d WHOIS requests", rdapN, whoisN)
	}
	second := s.Run(context.Background(), req)
	if n := w.RDAP.Total(); n != rdapN {
		t.Errorf("second run made %d new RDAP requests", n-rdapN)
	}
	if n := len(w.WHOIS.Queries()); n != whoisN {
		t.Errorf("second run made %d new WHOIS requests", n-whoisN)
	}
	for _, l := range second.Lookups {
		if (l.Kind == "rdap" || l.Kind == "whois") && !l.Cached {
			t.Errorf("not cached: %+v", l)
		}
	}
	if !reflect.DeepEqual(first.Domains, second.Domains) || !reflect.DeepEqual(first.Network, second.Network) {
		t.Error("cached answers differ from fresh ones")
	}
}

func TestSingleflight(t *testing.T) {
	w := analysistest.Fixtures(t)
	s := newService(t, w.Config)
	var wg sync.WaitGroup
	results := make([]lookup.Result, 10)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = s.Run(context.Background(), analysistest.SMARTalkRequest(nil))
		}(i)
	}
	wg.Wait()
	if n := w.RDAP.Requests("domain/emberpoint.com"); n != 1 {
		t.Errorf("emberpoint.com: %d RDAP requests, want 1", n)
	}
	if n := w.RDAP.Requests("ip/" + analysistest.SMARTalkOriginIP); n != 1 {
		t.Errorf("origin IP: %d RDAP requests, want 1", n)
	}
	if n := w.WHOIS.Requests("rakuten.co.jp/e"); n != 1 {
		t.Errorf("rakuten.co.jp: %d WHOIS requests, want 1", n)
	}
	for i, r := range results {
		if d := domain(t, r, "rakuten.co.jp"); d.Registrant != "Rakuten Group, Inc." {
			t.Errorf("run %d: %+v", i, d)
		}
	}
}

// TestConcurrentMixed shares one Service between different mails at once
// (run with -race).
func TestConcurrentMixed(t *testing.T) {
	w := analysistest.Fixtures(t)
	s := newService(t, w.Config)
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				r := s.Run(context.Background(), analysistest.PhishRequest(nil))
				if r.Network == nil || r.Network.Source != "rdap:ripe" {
					errs <- fmt.Sprintf("phish %d: %+v", i, r.Network)
				}
				return
			}
			r := s.Run(context.Background(), analysistest.SMARTalkRequest(nil))
			if r.Network == nil || r.Network.Source != "rdap:apnic" {
				errs <- fmt.Sprintf("smartalk %d: %+v", i, r.Network)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestDeadline(t *testing.T) {
	w := analysistest.Fixtures(t)
	w.RDAP.Fault("domain/emberpoint.com", analysistest.FaultHang)
	w.RDAP.Fault("ip/"+analysistest.SMARTalkOriginIP, analysistest.FaultHang)
	w.WHOIS.Hang("mpse.jp/e")
	w.DNS.Hang("_dmarc.comm.rakuten.co.jp")
	c := w.Config
	c.Timeout = 800 * time.Millisecond
	s := newService(t, c)
	start := time.Now()
	res := s.Run(context.Background(), analysistest.SMARTalkRequest(nil))
	if d := time.Since(start); d > 2500*time.Millisecond {
		t.Errorf("Run took %v with an 800ms deadline", d)
	}
	statuses := map[string]string{}
	for _, l := range res.Lookups {
		statuses[l.Kind+" "+l.Target] = l.Status
	}
	for target, want := range map[string]string{
		"rdap " + analysistest.SMARTalkOriginIP:  report.StatusTimeout,
		"rdap emberpoint.com":                    report.StatusTimeout,
		"whois mpse.jp":                          report.StatusTimeout,
		"dns dmarc:comm.rakuten.co.jp":           report.StatusTimeout,
		"whois rakuten.co.jp":                    report.StatusOK,
		"geoip " + analysistest.SMARTalkOriginIP: report.StatusOK,
	} {
		if statuses[target] != want {
			t.Errorf("%s: status %q, want %q (all: %v)", target, statuses[target], want, statuses)
		}
	}
	if d := domain(t, res, "emberpoint.com"); d.Error != "timeout" {
		t.Errorf("emberpoint.com error = %q", d.Error)
	}
	if d := domain(t, res, "rakuten.co.jp"); d.Registrant != "Rakuten Group, Inc." {
		t.Errorf("partial result lost: %+v", d)
	}
	if res.Network != nil {
		t.Errorf("network = %+v", res.Network)
	}
}

func TestFailuresAndRetryAfter(t *testing.T) {
	w := analysistest.Fixtures(t)
	w.RDAP.Fault("domain/emberpoint.com", analysistest.Fault429)
	w.RDAP.Fault("domain/smartalk-rakuten.com", analysistest.FaultGarbage)
	w.RDAP.Fault("domain/card-update-smartalk.com", analysistest.FaultHuge)
	var now atomic.Int64
	now.Store(analysistest.Clock.Unix())
	c := w.Config
	c.Now = func() time.Time { return time.Unix(now.Load(), 0).UTC() }
	s := newService(t, c)
	req := lookup.Request{Domains: []lookup.DomainRequest{
		{Name: "emberpoint.com"}, {Name: "smartalk-rakuten.com"}, {Name: "card-update-smartalk.com"},
		{Name: "nonexistent.com"}, {Name: "example.xyz"},
	}}
	res := s.Run(context.Background(), req)
	want := map[string]string{
		"emberpoint.com":           "rate limited by " + strings.TrimPrefix(w.RDAP.URL(), "http://") + " (retry after 2m0s)",
		"smartalk-rakuten.com":     "unusable answer",
		"card-update-smartalk.com": "answer too large",
		"nonexistent.com":          "not found (not registered, or deleted)",
		"example.xyz":              "no RDAP or WHOIS server for .xyz",
	}
	for name, e := range want {
		if d := domain(t, res, name); d.Error != e {
			t.Errorf("%s: error %q, want %q", name, d.Error, e)
		}
	}
	// Failures are cached: 61 s later (past the 1-minute failure TTL) the
	// garbage answer is asked again, the 429 (Retry-After 120 s) is not.
	now.Add(61)
	s.Run(context.Background(), req)
	if n := w.RDAP.Requests("domain/emberpoint.com"); n != 1 {
		t.Errorf("emberpoint.com asked %d times within Retry-After", n)
	}
	if n := w.RDAP.Requests("domain/smartalk-rakuten.com"); n != 2 {
		t.Errorf("smartalk-rakuten.com asked %d times, want 2 (failure TTL expired)", n)
	}
	if n := w.RDAP.Requests("domain/nonexistent.com"); n != 1 {
		t.Errorf("nonexistent.com asked %d times, want 1 (not-found is an answer)", n)
	}
	now.Add(60)
	s.Run(context.Background(), req)
	if n := w.RDAP.Requests("domain/emberpoint.com"); n != 2 {
		t.Errorf("emberpoint.com asked %d times after Retry-After, want 2", n)
	}
}

func TestMaxDomainsAndNormalise(t *testing.T) {
	w := analysistest.Fixtures(t)
	c := w.Config
	c.MaxDomains = 2
	s := newService(t, c)
	res := s.Run(context.Background(), lookup.Request{Domains: []lookup.DomainRequest{
		{Name: "News.Rakuten.CO.JP.", Roles: []string{"from"}},
		{Name: "rakuten.co.jp", Roles: []string{"dkim", "from"}},
		{Name: "emberpoint.com", Roles: []string{"dkim"}},
		{Name: "mpse.jp", Roles: []string{"return_path"}},
		{Name: "localhost"},
		{Name: ""},
	}})
	if len(res.Domains) != 3 {
		t.Fatalf("domains = %+v", res.Domains)
	}
	if d := res.Domains[0]; d.Name != "rakuten.co.jp" || !reflect.DeepEqual(d.Roles, []string{"from", "dkim"}) || d.Registrant == "" {
		t.Errorf("merged: %+v", d)
	}
	if d := res.Domains[2]; d.Name != "mpse.jp" || !strings.Contains(d.Error, "limit of 2") || d.Registrant != "" {
		t.Errorf("over the cap: %+v", d)
	}
	if n := w.WHOIS.Requests("mpse.jp/e"); n != 0 {
		t.Errorf("capped domain was looked up")
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := lookup.New(lookup.Config{RDAPBootstrap: "ftp://x/"}); err == nil {
		t.Error("bad bootstrap URL: want error")
	}
	s, err := lookup.New(lookup.Config{GeoIPCity: "/nonexistent/city.mmdb"})
	if err != nil {
		t.Fatalf("missing GeoIP file must not fail New: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Error("second Close:", err)
	}
}

func TestNonPublicOrigin(t *testing.T) {
	w := analysistest.Fixtures(t)
	s := newService(t, w.Config)
	for _, ip := range []string{"10.1.2.3", "100.64.0.1", "127.0.0.1", "fd00::1", "8.8.8.8"} {
		res := s.Run(context.Background(), lookup.Request{OriginIP: netip.MustParseAddr(ip)})
		var l report.Lookup
		for _, x := range res.Lookups {
			if x.Kind == "rdap" {
				l = x
			}
		}
		want := "not a public address"
		if ip == "8.8.8.8" {
			want = "no RDAP server for this address" // public, but not in the test bootstrap
		}
		if l.Status != report.StatusSkipped || l.Error != want || res.Network != nil {
			t.Errorf("%s: %+v", ip, l)
		}
	}
	if n := w.RDAP.Requests("ip/10.1.2.3"); n != 0 {
		t.Error("private address sent to RDAP")
	}
}
