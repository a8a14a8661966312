package analysistest

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// GeoEntry is one network in a test GeoIP database.
type GeoEntry struct {
	Prefix      string // CIDR, e.g. "106.184.0.0/14"
	Country     string // ISO code, e.g. "JP"
	CountryName string // English
	CountryJA   string // optional Japanese name
	City        string // English
	CityJA      string // optional Japanese name
	ASN         uint
	ASNOrg      string
}

// GeoIPLayout selects the database_type written into the metadata.
type GeoIPLayout int

// Layouts: MaxMind GeoLite2 or DB-IP Lite (same GeoIP2 structure).
const (
	GeoLite2 GeoIPLayout = iota
	DBIPLite
)

// WriteGeoIP writes a GeoLite2-City and a GeoLite2-ASN database holding
// entries into dir and returns their paths.
func WriteGeoIP(t testing.TB, dir string, entries []GeoEntry) (cityPath, asnPath string) {
	t.Helper()
	return WriteGeoIPLayout(t, dir, GeoLite2, entries)
}

// WriteGeoIPLayout is WriteGeoIP with a choice of layout.
func WriteGeoIPLayout(t testing.TB, dir string, layout GeoIPLayout, entries []GeoEntry) (cityPath, asnPath string) {
	t.Helper()
	cityType, asnType := "GeoLite2-City", "GeoLite2-ASN"
	cityName, asnName := "GeoLite2-City.mmdb", "GeoLite2-ASN.mmdb"
	if layout == DBIPLite {
		cityType, asnType = "DBIP-City-Lite", "DBIP-ASN-Lite (compat=GeoLite2-ASN)"
		cityName, asnName = "dbip-city-lite.mmdb", "dbip-asn-lite.mmdb"
	}
	city := newTree(t, cityType)
	asn := newTree(t, asnType)
	for _, e := range entries {
		_, n, err := net.ParseCIDR(e.Prefix)
		if err != nil {
			t.Fatalf("WriteGeoIP: %v", err)
		}
		rec := mmdbtype.Map{}
		if e.Country != "" || e.CountryName != "" {
			names := mmdbtype.Map{"en": mmdbtype.String(e.CountryName)}
			if e.CountryJA != "" {
				names["ja"] = mmdbtype.String(e.CountryJA)
			}
			rec["country"] = mmdbtype.Map{"iso_code": mmdbtype.String(e.Country), "names": names}
		}
		if e.City != "" {
			names := mmdbtype.Map{"en": mmdbtype.String(e.City)}
			if e.CityJA != "" {
				names["ja"] = mmdbtype.String(e.CityJA)
			}
			rec["city"] = mmdbtype.Map{"names": names}
		}
		if len(rec) > 0 {
			if err := city.Insert(n, rec); err != nil {
				t.Fatalf("WriteGeoIP: %v", err)
			}
		}
		if e.ASN != 0 || e.ASNOrg != "" {
			a := mmdbtype.Map{
				"autonomous_system_number":       mmdbtype.Uint32(e.ASN),
				"autonomous_system_organization": mmdbtype.String(e.ASNOrg),
			}
			if err := asn.Insert(n, a); err != nil {
				t.Fatalf("WriteGeoIP: %v", err)
			}
		}
	}
	cityPath = filepath.Join(dir, cityName)
	asnPath = filepath.Join(dir, asnName)
	writeTree(t, city, cityPath)
	writeTree(t, asn, asnPath)
	return cityPath, asnPath
}

func newTree(t testing.TB, dbType string) *mmdbwriter.Tree {
	t.Helper()
	tree, err := mmdbwriter.New(mmdbwriter.Options{
		DatabaseType: dbType,
		RecordSize:   28,
		// Tests use documentation prefixes (RFC 5737, RFC 3849).
		IncludeReservedNetworks: true,
		Languages:               []string{"en", "ja"},
		Description:             map[string]string{"en": "checkmail test database"},
		BuildEpoch:              1639785600, // 2021-12-18, keeps files reproducible
	})
	if err != nil {
		t.Fatalf("mmdbwriter: %v", err)
	}
	return tree
}

func writeTree(t testing.TB, tree *mmdbwriter.Tree, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("WriteGeoIP: %v", err)
	}
	if _, err := tree.WriteTo(f); err != nil {
		f.Close()
		t.Fatalf("WriteGeoIP: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("WriteGeoIP: %v", err)
	}
}
