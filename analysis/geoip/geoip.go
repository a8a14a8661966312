// Package geoip reads the location and the autonomous system of an IP
// address from mmdb files: MaxMind GeoLite2 or DB-IP Lite databases (the
// GeoIP2 layout), flat country databases ({"country_code": "JP"}, as
// ip-location-db publishes them), or the databases compiled into the binary
// (see OpenDefault), which are read on the first lookup only.
package geoip

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
	"github.com/oschwald/maxminddb-golang/v2"
)

// Source says which database answered a lookup.
type Source struct {
	// Database is the embedded database's name (e.g. "ip-location-db
	// asn") or a file's database type from its metadata (e.g.
	// "GeoLite2-City").
	Database string
	// Version is the embedded data's package version; "" for files.
	Version string
	// Built is the database's build time (its metadata's build_epoch).
	Built time.Time
	// Embedded is true for the databases compiled into the binary.
	Embedded bool
}

// Geo is where an address is.
type Geo struct {
	Country     string // ISO 3166-1 alpha-2, e.g. "JP"
	CountryName string // English name
	CountryJA   string // Japanese name when known
	City        string // English name
	CityJA      string // Japanese name when the database has one
	Source      Source // set when the database knew the address
}

// ASN is who announces an address.
type ASN struct {
	Number uint
	Org    string
	Source Source // set when the database knew the address
}

// ErrNotConfigured is returned by Lookup for a database that was not given.
var ErrNotConfigured = errors.New("geoip: database not configured")

// Reader looks addresses up in a City (or Country) and an ASN database.
// Either may be absent. A Reader is safe for concurrent use.
type Reader struct {
	city, asn *db
}

// db is one database: a file opened by Open, or an embedded database
// opened on first use.
type db struct {
	path     string                  // file path, or "embedded …"
	get      func() (*handle, error) // the open database
	embedded bool                    // get opens the embedded data on first call
}

// handle is one open database: a geoip2 reader when the type is known to
// geoip2-golang, else a raw maxminddb reader decoded with the GeoIP2 layout
// (and the flat country_code one).
type handle struct {
	g      *geoip2.Reader
	raw    *maxminddb.Reader
	source Source
}

// Open opens the City and ASN databases. An empty path means "not
// configured". A file that is missing, unreadable or not an mmdb database
// gives an error naming the file; the Reader is then nil.
func Open(cityPath, asnPath string) (*Reader, error) {
	r := &Reader{}
	var err error
	if cityPath != "" {
		if r.city, err = openFile(cityPath); err != nil {
			return nil, err
		}
	}
	if asnPath != "" {
		if r.asn, err = openFile(asnPath); err != nil {
			r.city.close()
			return nil, err
		}
	}
	return r, nil
}

// OpenDefault is Open, except that a database not given is the one
// compiled into the binary (country, and ASN with organization). The
// embedded data is opened (its metadata read) on the first lookup that needs
// it, once per process.
func OpenDefault(cityPath, asnPath string) (*Reader, error) {
	r, err := Open(cityPath, asnPath)
	if err != nil {
		return nil, err
	}
	if r.city == nil {
		r.city = &db{path: "embedded " + embeddedCountryName, get: embeddedCountry, embedded: true}
	}
	if r.asn == nil {
		r.asn = &db{path: "embedded " + embeddedASNName, get: embeddedASN, embedded: true}
	}
	return r, nil
}

func openFile(path string) (*db, error) {
	h, err := openHandle(path)
	if err != nil {
		return nil, err
	}
	return &db{path: path, get: func() (*handle, error) { return h, nil }}, nil
}

func openHandle(path string) (*handle, error) {
	g, err := geoip2.Open(path)
	if err == nil {
		return &handle{g: g, source: fileSource(g.Metadata())}, nil
	}
	var unknown geoip2.UnknownDatabaseTypeError
	if errors.As(err, &unknown) {
		// geoip2-golang refuses database types it does not know (for
		// example a renamed DB-IP build, or a flat country database);
		// read it with our own layout.
		if g != nil {
			_ = g.Close()
		}
		raw, rerr := maxminddb.Open(path)
		if rerr != nil {
			return nil, fmt.Errorf("geoip: open %s: %w", path, rerr)
		}
		return &handle{raw: raw, source: fileSource(raw.Metadata)}, nil
	}
	return nil, fmt.Errorf("geoip: open %s: %w", path, err)
}

func fileSource(m maxminddb.Metadata) Source {
	s := Source{Database: m.DatabaseType}
	if m.BuildEpoch != 0 {
		s.Built = time.Unix(int64(m.BuildEpoch), 0).UTC() //nolint:gosec // an epoch in seconds fits
	}
	return s
}

func (d *db) close() error {
	if d == nil || d.embedded {
		return nil // embedded databases live as long as the process (and Close must not open them)
	}
	h, err := d.get()
	if err != nil {
		return nil
	}
	if h.g != nil {
		return h.g.Close()
	}
	return h.raw.Close()
}

// HasCity reports whether a City (or Country) database is configured or
// embedded.
func (r *Reader) HasCity() bool { return r != nil && r.city != nil }

// HasASN reports whether an ASN database is configured or embedded.
func (r *Reader) HasASN() bool { return r != nil && r.asn != nil }

// Close releases the databases opened from files.
func (r *Reader) Close() error {
	if r == nil {
		return nil
	}
	return errors.Join(r.city.close(), r.asn.close())
}

// Lookup returns the location and the AS of addr. A database that is not
// configured yields ErrNotConfigured for its half (joined with any other
// error); an address the database does not know yields zero values and no
// error.
func (r *Reader) Lookup(addr netip.Addr) (Geo, ASN, error) {
	g, gerr := r.City(addr)
	a, aerr := r.ASN(addr)
	return g, a, errors.Join(gerr, aerr)
}

// rawCity is the subset of the GeoIP2 City/Country layout we read from
// databases geoip2-golang does not recognise, plus the flat country_code
// layout of ip-location-db.
type rawCity struct {
	Country struct {
		ISOCode string            `maxminddb:"iso_code"`
		Names   map[string]string `maxminddb:"names"`
	} `maxminddb:"country"`
	City struct {
		Names map[string]string `maxminddb:"names"`
	} `maxminddb:"city"`
	CountryCode string `maxminddb:"country_code"`
}

type rawASN struct {
	Number uint   `maxminddb:"autonomous_system_number"`
	Org    string `maxminddb:"autonomous_system_organization"`
}

// City looks addr up in the City (or Country) database.
func (r *Reader) City(addr netip.Addr) (Geo, error) {
	if !r.HasCity() {
		return Geo{}, fmt.Errorf("city: %w", ErrNotConfigured)
	}
	if !addr.IsValid() {
		return Geo{}, errors.New("geoip: invalid address")
	}
	addr = addr.Unmap()
	h, err := r.city.get()
	if err != nil {
		return Geo{}, err
	}
	var g Geo
	if h.g != nil {
		g, err = geoip2City(h.g, addr)
	} else {
		g, err = decodeCity(h.raw, addr)
	}
	if err != nil {
		return Geo{}, fmt.Errorf("geoip: city lookup in %s: %w", r.city.path, err)
	}
	g = withCountryNames(g)
	if g.Country != "" || g.City != "" {
		g.Source = h.source
	}
	return g, nil
}

func geoip2City(g *geoip2.Reader, addr netip.Addr) (Geo, error) {
	c, err := g.City(addr)
	var wrong geoip2.InvalidMethodError
	if errors.As(err, &wrong) {
		// A Country database configured as the City one.
		cc, cerr := g.Country(addr)
		if cerr != nil {
			return Geo{}, err // the City error says what the file is
		}
		return Geo{Country: cc.Country.ISOCode, CountryName: cc.Country.Names.English, CountryJA: cc.Country.Names.Japanese}, nil
	}
	if err != nil {
		return Geo{}, err
	}
	return Geo{
		Country:     c.Country.ISOCode,
		CountryName: c.Country.Names.English,
		CountryJA:   c.Country.Names.Japanese,
		City:        c.City.Names.English,
		CityJA:      c.City.Names.Japanese,
	}, nil
}

func decodeCity(raw *maxminddb.Reader, addr netip.Addr) (Geo, error) {
	var c rawCity
	if err := raw.Lookup(addr).Decode(&c); err != nil {
		return Geo{}, err
	}
	g := Geo{
		Country:     c.Country.ISOCode,
		CountryName: c.Country.Names["en"],
		CountryJA:   c.Country.Names["ja"],
		City:        c.City.Names["en"],
		CityJA:      c.City.Names["ja"],
	}
	if g.Country == "" {
		g.Country = c.CountryCode
	}
	return g, nil
}

// withCountryNames names the country from the CLDR table when the
// database gave a code and no names (flat country databases).
func withCountryNames(g Geo) Geo {
	if g.CountryName != "" || g.CountryJA != "" {
		return g
	}
	if n, ok := lookupCountry(g.Country); ok {
		g.CountryName, g.CountryJA = n.en, n.ja
	}
	return g
}

// ASN looks addr up in the ASN database.
func (r *Reader) ASN(addr netip.Addr) (ASN, error) {
	if !r.HasASN() {
		return ASN{}, fmt.Errorf("asn: %w", ErrNotConfigured)
	}
	if !addr.IsValid() {
		return ASN{}, errors.New("geoip: invalid address")
	}
	addr = addr.Unmap()
	h, err := r.asn.get()
	if err != nil {
		return ASN{}, err
	}
	var a ASN
	if h.g != nil {
		var res *geoip2.ASN
		if res, err = h.g.ASN(addr); err == nil {
			a = ASN{Number: res.AutonomousSystemNumber, Org: res.AutonomousSystemOrganization}
		}
	} else {
		var ra rawASN
		if err = h.raw.Lookup(addr).Decode(&ra); err == nil {
			a = ASN{Number: ra.Number, Org: ra.Org}
		}
	}
	if err != nil {
		return ASN{}, fmt.Errorf("geoip: asn lookup in %s: %w", r.asn.path, err)
	}
	if a.Number != 0 || a.Org != "" {
		a.Source = h.source
	}
	return a, nil
}
