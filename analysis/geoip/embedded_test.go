package geoip_test

import (
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"

	"github.com/checkmail/checkmail/analysis/geoip"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// TestEmbedded looks up addresses whose answers were read from the data the
// embedded databases were generated from (asn-ipv4.csv / asn-ipv6.csv rows
// and the country mmdb of ip-location-db 2.3.2026061719). After a refresh
// (go run ./tools/geoipdata) a row may legitimately change: check it
// against the new CSV.
func TestEmbedded(t *testing.T) {
	r, err := geoip.OpenDefault("", "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.HasCity() || !r.HasASN() {
		t.Fatal("embedded databases not used")
	}
	tests := []struct {
		ip      string
		country string
		name    string
		nameJA  string
		asn     uint
		org     string
	}{
		// 106.128.0.0,106.191.255.255,2516,KDDI CORPORATION: the seed's origin.
		{"106.185.101.209", "JP", "Japan", "日本", 2516, "KDDI CORPORATION"},
		// 14.8.0.0,14.14.95.255,2516,KDDI CORPORATION
		{"14.8.0.1", "JP", "Japan", "日本", 2516, "KDDI CORPORATION"},
		// 1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc." (quoted comma)
		{"1.0.0.77", "AU", "Australia", "オーストラリア", 13335, "Cloudflare, Inc."},
		// 8.8.8.0,8.8.8.255,15169,Google LLC
		{"8.8.8.8", "US", "United States", "アメリカ合衆国", 15169, "Google LLC"},
		// 8.8.9.0,8.8.9.255,23089,Hotwire Communications: the next row
		{"8.8.9.0", "US", "United States", "アメリカ合衆国", 23089, "Hotwire Communications"},
		// IPv4-mapped IPv6 reads the IPv4 data
		{"::ffff:106.185.101.209", "JP", "Japan", "日本", 2516, "KDDI CORPORATION"},
		// 2001:200::,2001:200:1b9:ffff:...,2500,WIDE Project
		{"2001:200:1b9::25", "", "", "", 2500, "WIDE Project"},
		// 2001:200:1ba::,...,24047,"Internet Systems Consortium, Inc."
		{"2001:200:1ba::1", "", "", "", 24047, "Internet Systems Consortium, Inc."},
		// private, documentation and loopback space: nothing, no error
		{"10.1.2.3", "", "", "", 0, ""},
		{"192.0.2.1", "", "", "", 0, ""},
		{"::1", "", "", "", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.ip, func(t *testing.T) {
			g, a, err := r.Lookup(netip.MustParseAddr(tc.ip))
			if err != nil {
				t.Fatal(err)
			}
			if tc.country != "" && (g.Country != tc.country || g.CountryName != tc.name || g.CountryJA != tc.nameJA || g.City != "") {
				t.Errorf("geo = %+v, want %s %s %s", g, tc.country, tc.name, tc.nameJA)
			}
			if a.Number != tc.asn || a.Org != tc.org {
				t.Errorf("asn = %d %q, want %d %q", a.Number, a.Org, tc.asn, tc.org)
			}
			if tc.asn == 0 && (g != (geoip.Geo{}) || a != (geoip.ASN{})) {
				t.Errorf("reserved address answered: %+v %+v", g, a)
			}
			if tc.asn != 0 {
				checkEmbeddedSource(t, a.Source, "ip-location-db asn")
			}
			if g.Country != "" {
				checkEmbeddedSource(t, g.Source, "ip-location-db geo-whois-asn-country")
			}
		})
	}
}

func checkEmbeddedSource(t *testing.T, s geoip.Source, name string) {
	t.Helper()
	// The data of 2026-06-17; a refresh moves the date forward.
	if s.Database != name || !s.Embedded || s.Version == "" || s.Built.Before(time.Date(2026, 6, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("source = %+v, want embedded %q with a version and a build date", s, name)
	}
}

// TestConfiguredFileWins: a configured file answers its half; the other
// half is still the embedded database.
func TestConfiguredFileWins(t *testing.T) {
	city := writeFlatCountry(t, map[string]string{"106.128.0.0/10": "KR"})
	r, err := geoip.OpenDefault(city, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	g, a, err := r.Lookup(netip.MustParseAddr("106.185.101.209"))
	if err != nil {
		t.Fatal(err)
	}
	if g.Country != "KR" || g.Source.Embedded || g.Source.Database != "country ipvAll" {
		t.Errorf("geo = %+v, want KR from the file", g)
	}
	if a.Number != 2516 || !a.Source.Embedded {
		t.Errorf("asn = %+v, want AS2516 from the embedded database", a)
	}
	// Open, unlike OpenDefault, leaves the ASN half unconfigured.
	r2, err := geoip.Open(city, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if r2.HasASN() {
		t.Error("Open: embedded ASN used")
	}
}

// writeFlatCountry writes an mmdb in ip-location-db's flat layout
// ({"country_code": "JP"}) with its database type.
func writeFlatCountry(t *testing.T, nets map[string]string) string {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "country ipvAll", RecordSize: 24, BuildEpoch: 1781725900})
	if err != nil {
		t.Fatal(err)
	}
	for p, cc := range nets {
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := tree.Insert(n, mmdbtype.Map{"country_code": mmdbtype.String(cc)}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "flat.mmdb")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFlatCountryLayout(t *testing.T) {
	path := writeFlatCountry(t, map[string]string{
		"106.128.0.0/10": "JP",
		"45.137.20.0/22": "NL",
		"2a00:1450::/32": "DE",
		"5.6.7.0/24":     "ZZ", // not a country: code kept, no name
	})
	r, err := geoip.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tc := range []struct {
		ip, cc, name, ja string
	}{
		{"106.185.101.209", "JP", "Japan", "日本"},
		{"45.137.21.9", "NL", "Netherlands", "オランダ"},
		{"2a00:1450::25", "DE", "Germany", "ドイツ"},
		{"5.6.7.8", "ZZ", "", ""},
		{"8.8.8.8", "", "", ""},
	} {
		g, err := r.City(netip.MustParseAddr(tc.ip))
		if err != nil {
			t.Errorf("%s: %v", tc.ip, err)
			continue
		}
		if g.Country != tc.cc || g.CountryName != tc.name || g.CountryJA != tc.ja || g.City != "" {
			t.Errorf("%s: %+v, want %s %s %s", tc.ip, g, tc.cc, tc.name, tc.ja)
		}
		if want := time.Unix(1781725900, 0).UTC(); tc.cc != "" && (g.Source.Database != "country ipvAll" || !g.Source.Built.Equal(want)) {
			t.Errorf("%s: source %+v", tc.ip, g.Source)
		}
	}
}

// TestFullInternetFlatCountry reads the full-Internet ip-location-db
// country mmdb of the corpus as a configured file.
func TestFullInternetFlatCountry(t *testing.T) {
	path := filepath.Join(corpustest.Dir(t), "ip-location-db_geo-whois-asn-country", "geo-whois-asn-country.mmdb")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s absent", path)
	}
	r, err := geoip.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for ip, cc := range map[string]string{"106.185.101.209": "JP", "8.8.8.8": "US", "45.137.21.9": "NL"} {
		g, err := r.City(netip.MustParseAddr(ip))
		if err != nil || g.Country != cc || g.CountryName == "" || g.Source.Database == "" || g.Source.Embedded {
			t.Errorf("%s: %+v %v, want %s", ip, g, err, cc)
		}
	}
}

// TestCountryDatabaseAsCity: a GeoLite2-Country file given as the City
// database answers the country.
func TestCountryDatabaseAsCity(t *testing.T) {
	path := filepath.Join(corpustest.Dir(t), "maxmind_db_testdata", "test-data", "GeoLite2-Country-Test.mmdb")
	r, err := geoip.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	g, err := r.City(netip.MustParseAddr("81.2.69.142"))
	if err != nil || g.Country != "GB" || g.CountryName != "United Kingdom" || g.Source.Database != "GeoLite2-Country" {
		t.Errorf("got %+v %v", g, err)
	}
}

func BenchmarkEmbeddedLookup(b *testing.B) {
	r, err := geoip.OpenDefault("", "")
	if err != nil {
		b.Fatal(err)
	}
	ip := netip.MustParseAddr("106.185.101.209")
	if _, _, err := r.Lookup(ip); err != nil { // load outside the loop
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := r.Lookup(ip); err != nil {
			b.Fatal(err)
		}
	}
}
