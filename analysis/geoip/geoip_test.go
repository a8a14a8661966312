package geoip_test

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/geoip"
	"github.com/checkmail/checkmail/internal/corpustest"
)

var entries = []analysistest.GeoEntry{
	{Prefix: "106.184.0.0/14", Country: "JP", CountryName: "Japan", CountryJA: "日本", City: "Osaka", CityJA: "大阪市", ASN: 2516, ASNOrg: "KDDI CORPORATION"},
	{Prefix: "45.137.20.0/22", Country: "NL", CountryName: "Netherlands", City: "Amsterdam", ASN: 9009, ASNOrg: "M247 Europe SRL"},
	{Prefix: "2001:db8:1::/48", Country: "DE", CountryName: "Germany", City: "Berlin", ASN: 64500, ASNOrg: "Example v6"},
	{Prefix: "198.51.100.0/24", Country: "US", CountryName: "United States"}, // no city, no ASN
}

func TestLookupWrittenDatabases(t *testing.T) {
	for _, layout := range []struct {
		name string
		l    analysistest.GeoIPLayout
	}{{"geolite2", analysistest.GeoLite2}, {"dbip-lite", analysistest.DBIPLite}} {
		t.Run(layout.name, func(t *testing.T) {
			city, asn := analysistest.WriteGeoIPLayout(t, t.TempDir(), layout.l, entries)
			r, err := geoip.Open(city, asn)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			tests := []struct {
				ip  string
				geo geoip.Geo
				asn geoip.ASN
			}{
				{"106.185.101.209", geoip.Geo{Country: "JP", CountryName: "Japan", CountryJA: "日本", City: "Osaka", CityJA: "大阪市"}, geoip.ASN{Number: 2516, Org: "KDDI CORPORATION"}},
				{"45.137.21.9", geoip.Geo{Country: "NL", CountryName: "Netherlands", City: "Amsterdam"}, geoip.ASN{Number: 9009, Org: "M247 Europe SRL"}},
				{"::ffff:45.137.21.9", geoip.Geo{Country: "NL", CountryName: "Netherlands", City: "Amsterdam"}, geoip.ASN{Number: 9009, Org: "M247 Europe SRL"}},
				{"2001:db8:1::25", geoip.Geo{Country: "DE", CountryName: "Germany", City: "Berlin"}, geoip.ASN{Number: 64500, Org: "Example v6"}},
				{"198.51.100.7", geoip.Geo{Country: "US", CountryName: "United States"}, geoip.ASN{}},
				{"8.8.8.8", geoip.Geo{}, geoip.ASN{}}, // unknown: zero values, no error
			}
			for _, tc := range tests {
				g, a, err := r.Lookup(netip.MustParseAddr(tc.ip))
				if err != nil {
					t.Errorf("%s: %v", tc.ip, err)
				}
				checkFileSource(t, tc.ip, g, a)
				g.Source, a.Source = geoip.Source{}, geoip.Source{}
				if g != tc.geo || a != tc.asn {
					t.Errorf("%s: got %+v %+v, want %+v %+v", tc.ip, g, a, tc.geo, tc.asn)
				}
			}
		})
	}
}

func TestNotConfigured(t *testing.T) {
	city, _ := analysistest.WriteGeoIP(t, t.TempDir(), entries)
	r, err := geoip.Open(city, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	g, a, err := r.Lookup(netip.MustParseAddr("106.185.101.209"))
	if !errors.Is(err, geoip.ErrNotConfigured) {
		t.Fatalf("err = %v, want ErrNotConfigured", err)
	}
	if g.City != "Osaka" || a.Number != 0 {
		t.Errorf("got %+v %+v", g, a)
	}
	if !r.HasCity() || r.HasASN() {
		t.Error("HasCity/HasASN wrong")
	}
	if _, _, err := r.Lookup(netip.Addr{}); err == nil {
		t.Error("invalid address: want error")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.mmdb")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.mmdb")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, city, asn string }{
		{"missing city", filepath.Join(dir, "nope.mmdb"), ""},
		{"missing asn", "", filepath.Join(dir, "nope.mmdb")},
		{"garbage", garbage, ""},
		{"empty", "", empty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := geoip.Open(tc.city, tc.asn)
			if err == nil {
				r.Close()
				t.Fatal("want error")
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestSwappedDatabases(t *testing.T) {
	city, asn := analysistest.WriteGeoIP(t, t.TempDir(), entries)
	r, err := geoip.Open(asn, city) // wrong way round
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, _, err := r.Lookup(netip.MustParseAddr("106.185.101.209")); err == nil {
		t.Error("swapped databases: want a clear error")
	}
}

func TestMaxMindTestDatabases(t *testing.T) {
	dir := filepath.Join(corpustest.Dir(t), "maxmind_db_testdata")
	r, err := geoip.Open(filepath.Join(dir, "test-data", "GeoLite2-City-Test.mmdb"), filepath.Join(dir, "test-data", "GeoLite2-ASN-Test.mmdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tests := []struct {
		ip  string
		geo geoip.Geo
		asn geoip.ASN
	}{
		{"81.2.69.142", geoip.Geo{Country: "GB", CountryName: "United Kingdom", CountryJA: "イギリス", City: "London", CityJA: "ロンドン"}, geoip.ASN{}},
		{"2.125.160.217", geoip.Geo{Country: "GB", CountryName: "United Kingdom", CountryJA: "イギリス", City: "Boxford"}, geoip.ASN{}},
		{"1.128.0.1", geoip.Geo{}, geoip.ASN{Number: 1221, Org: "Telstra Pty Ltd"}},
		{"12.81.92.1", geoip.Geo{}, geoip.ASN{Number: 7018, Org: "AT&T Services"}},
	}
	for _, tc := range tests {
		g, a, err := r.Lookup(netip.MustParseAddr(tc.ip))
		if err != nil {
			t.Errorf("%s: %v", tc.ip, err)
		}
		checkFileSource(t, tc.ip, g, a)
		g.Source, a.Source = geoip.Source{}, geoip.Source{}
		if g != tc.geo || a != tc.asn {
			t.Errorf("%s: got %+v %+v, want %+v %+v", tc.ip, g, a, tc.geo, tc.asn)
		}
	}
}

// TestCorruptDatabases opens every corrupt file in the corpus: each must
// either fail to open or fail (or succeed) on lookup, never panic.
func TestCorruptDatabases(t *testing.T) {
	dir := filepath.Join(corpustest.Dir(t), "maxmind_db_testdata")
	var files []string
	for _, pat := range []string{"bad-data/*/*.mmdb", "test-data/*Broken*.mmdb", "test-data/*broken*.mmdb", "test-data/*Invalid*.mmdb"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("no corrupt databases in the corpus")
	}
	opened := 0
	for _, f := range files {
		r, err := geoip.Open(f, "")
		if err != nil {
			continue
		}
		opened++
		for _, ip := range []string{"1.1.1.1", "81.2.69.142", "::1.1.1.1", "2001:db8::1"} {
			_, _ = r.City(netip.MustParseAddr(ip))
		}
		r.Close()
	}
	t.Logf("%d corrupt files, %d opened (lookups returned without panic)", len(files), opened)
}

// checkFileSource: a database file that answered is named by its type,
// with a build date and not as embedded; one that did not answer is not
// named.
func checkFileSource(t *testing.T, ip string, g geoip.Geo, a geoip.ASN) {
	t.Helper()
	for _, c := range []struct {
		answered bool
		s        geoip.Source
	}{{g.Country != "" || g.City != "", g.Source}, {a.Number != 0, a.Source}} {
		switch {
		case !c.answered && c.s != (geoip.Source{}):
			t.Errorf("%s: no answer but source %+v", ip, c.s)
		case c.answered && (c.s.Database == "" || c.s.Built.IsZero() || c.s.Embedded || c.s.Version != ""):
			t.Errorf("%s: source %+v", ip, c.s)
		}
	}
}
