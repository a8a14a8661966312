package geoip

import (
	_ "embed" // the default databases
	"fmt"
	"sort"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/oschwald/maxminddb-golang/v2"
)

// The default databases, refreshed by `go run ./tools/geoipdata`:
// ip-location-db's geo-whois-asn-country (country codes; data CC BY 4.0,
// NRO) and its asn CSV converted to an mmdb (AS number and organization;
// CC BY 4.0, RouteViews and DB-IP). Both are zstd-compressed.
var (
	//go:embed data/country.mmdb.zst
	countryZst []byte
	//go:embed data/asn.mmdb.zst
	asnZst []byte
)

// maxEmbeddedBytes bounds the decompressed size of one embedded database.
const maxEmbeddedBytes = 64 << 20

// embeddedCountry and embeddedASN decompress and open the embedded
// databases on first use, once per process; every Reader shares them.
var (
	embeddedCountry = sync.OnceValues(func() (*handle, error) {
		return openEmbedded(countryZst, embeddedCountryName, embeddedCountryVersion)
	})
	embeddedASN = sync.OnceValues(func() (*handle, error) {
		return openEmbedded(asnZst, embeddedASNName, embeddedASNVersion)
	})
)

// openCount counts embedded databases opened (tests: the load is lazy and
// happens once).
var openCount struct {
	sync.Mutex
	n int
}

func openEmbedded(zst []byte, name, version string) (*handle, error) {
	openCount.Lock()
	openCount.n++
	openCount.Unlock()
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxEmbeddedBytes))
	if err != nil {
		return nil, fmt.Errorf("geoip: embedded %s: %w", name, err)
	}
	defer dec.Close()
	raw, err := dec.DecodeAll(zst, nil)
	if err != nil {
		return nil, fmt.Errorf("geoip: embedded %s: %w", name, err)
	}
	r, err := maxminddb.OpenBytes(raw)
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
