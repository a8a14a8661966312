package geoip

import (
	_ "embed" // the default databases
	"fmt"
	"sort"
	"sync"

	"github.com/oschwald/maxminddb-golang/v2"
)

// The default databases, refreshed by `go run ./tools/geoipdata`:
// ip-location-db's geo-whois-asn-country (country codes; data CC BY 4.0,
// NRO) and its asn CSV converted to an mmdb (AS number and organization;
// CC BY 4.0, RouteViews and DB-IP). They are embedded uncompressed: opening
// one reads only its metadata and a lookup touches a few pages of it, where
// decompressing the 18 MB on the first lookup cost about 150 ms of CPU per
// process (measured; see tools/geoipdata).
var (
	//go:embed data/country.mmdb
	countryMMDB []byte
	//go:embed data/asn.mmdb
	asnMMDB []byte
)

// embeddedCountry and embeddedASN open the embedded databases on first use,
// once per process; every Reader shares them.
var (
	embeddedCountry = sync.OnceValues(func() (*handle, error) {
		return openEmbedded(countryMMDB, embeddedCountryName, embeddedCountryVersion)
	})
	embeddedASN = sync.OnceValues(func() (*handle, error) {
		return openEmbedded(asnMMDB, embeddedASNName, embeddedASNVersion)
	})
)

// openCount counts embedded databases opened (tests: the load is lazy and
// happens once).
var openCount struct {
	sync.Mutex
	n int
}

func openEmbedded(b []byte, name, version string) (*handle, error) {
	openCount.Lock()
	openCount.n++
	openCount.Unlock()
	r, err := maxminddb.OpenBytes(b)
	if err != nil {
		return nil, fmt.Errorf("geoip: embedded %s: %w", name, err)
	}
	s := fileSource(r.Metadata)
	s.Database, s.Version, s.Embedded = name, version, true
	return &handle{raw: r, source: s}, nil
}

// countryName is one row of the generated country table.
type countryName struct{ code, en, ja string }

func lookupCountry(code string) (countryName, bool) {
	i := sort.Search(len(countries), func(i int) bool { return countries[i].code >= code })
	if i < len(countries) && countries[i].code == code {
		return countries[i], true
	}
	return countryName{}, false
}
