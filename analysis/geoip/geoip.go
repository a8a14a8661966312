// Package geoip reads the location and the autonomous system of an IP
// address from MaxMind GeoLite2 or DB-IP Lite databases (mmdb files in the
// GeoIP2 layout).
package geoip

import (
	"errors"
	"fmt"
	"net/netip"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
	"github.com/oschwald/maxminddb-golang/v2"
)

// Geo is where an address is.
type Geo struct {
	Country     string // ISO 3166-1 alpha-2, e.g. "JP"
	CountryName string // English name
	CountryJA   string // Japanese name when the database has one
	City        string // English name
	CityJA      string // Japanese name when the database has one
}

// ASN is who announces an address.
type ASN struct {
	Number uint
	Org    string
}

// ErrNotConfigured is returned by Lookup for a database that was not given.
var ErrNotConfigured = errors.New("geoip: database not configured")

// Reader looks addresses up in a City and an ASN database. Either may be
// absent. A Reader is safe for concurrent use.
type Reader struct {
	city, asn *db
}

// db is one open database: a geoip2 reader when the type is known to
// geoip2-golang, else a raw maxminddb reader decoded with the GeoIP2 layout.
type db struct {
	path string
	g    *geoip2.Reader
	raw  *maxminddb.Reader
}

// Open opens the City and ASN databases. An empty path means "not
// configured". A file that is missing, unreadable or not an mmdb database
// gives an error naming the file; the Reader is then nil.
func Open(cityPath, asnPath string) (*Reader, error) {
	r := &Reader{}
	var err error
	if cityPath != "" {
		if r.city, err = openDB(cityPath); err != nil {
			return nil, err
		}
	}
	if asnPath != "" {
		if r.asn, err = openDB(asnPath); err != nil {
			r.city.close()
			return nil, err
		}
	}
	return r, nil
}

func openDB(path string) (*db, error) {
	g, err := geoip2.Open(path)
	if err == nil {
		return &db{path: path, g: g}, nil
	}
	var unknown geoip2.UnknownDatabaseTypeError
	if errors.As(err, &unknown) {
		// geoip2-golang refuses database types it does not know (for
		// example a renamed DB-IP build); read it with the GeoIP2 layout.
		if g != nil {
			_ = g.Close()
		}
		raw, rerr := maxminddb.Open(path)
		if rerr != nil {
			return nil, fmt.Errorf("geoip: open %s: %w", path, rerr)
		}
		return &db{path: path, raw: raw}, nil
	}
	return nil, fmt.Errorf("geoip: open %s: %w", path, err)
}

func (d *db) close() error {
	switch {
	case d == nil:
		return nil
	case d.g != nil:
		return d.g.Close()
	default:
		return d.raw.Close()
	}
}

// HasCity reports whether a City database is open.
func (r *Reader) HasCity() bool { return r != nil && r.city != nil }

// HasASN reports whether an ASN database is open.
func (r *Reader) HasASN() bool { return r != nil && r.asn != nil }

// Close releases both databases.
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

// rawCity is the subset of the GeoIP2 City layout we read from databases
// geoip2-golang does not recognise.
type rawCity struct {
	Country struct {
		ISOCode string            `maxminddb:"iso_code"`
		Names   map[string]string `maxminddb:"names"`
	} `maxminddb:"country"`
	City struct {
		Names map[string]string `maxminddb:"names"`
	} `maxminddb:"city"`
}

type rawASN struct {
	Number uint   `maxminddb:"autonomous_system_number"`
	Org    string `maxminddb:"autonomous_system_organization"`
}

// City looks addr up in the City database.
func (r *Reader) City(addr netip.Addr) (Geo, error) {
	if !r.HasCity() {
		return Geo{}, fmt.Errorf("city: %w", ErrNotConfigured)
	}
	if !addr.IsValid() {
		return Geo{}, errors.New("geoip: invalid address")
	}
	addr = addr.Unmap()
	d := r.city
	if d.g != nil {
		c, err := d.g.City(addr)
		if err != nil {
			return Geo{}, fmt.Errorf("geoip: city lookup in %s: %w", d.path, err)
		}
		return Geo{
			Country:     c.Country.ISOCode,
			CountryName: c.Country.Names.English,
			CountryJA:   c.Country.Names.Japanese,
			City:        c.City.Names.English,
			CityJA:      c.City.Names.Japanese,
		}, nil
	}
	var c rawCity
	if err := d.raw.Lookup(addr).Decode(&c); err != nil {
		return Geo{}, fmt.Errorf("geoip: city lookup in %s: %w", d.path, err)
	}
	return Geo{
		Country:     c.Country.ISOCode,
		CountryName: c.Country.Names["en"],
		CountryJA:   c.Country.Names["ja"],
		City:        c.City.Names["en"],
		CityJA:      c.City.Names["ja"],
	}, nil
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
	d := r.asn
	if d.g != nil {
		a, err := d.g.ASN(addr)
		if err != nil {
			return ASN{}, fmt.Errorf("geoip: asn lookup in %s: %w", d.path, err)
		}
		return ASN{Number: a.AutonomousSystemNumber, Org: a.AutonomousSystemOrganization}, nil
	}
	var a rawASN
	if err := d.raw.Lookup(addr).Decode(&a); err != nil {
		return ASN{}, fmt.Errorf("geoip: asn lookup in %s: %w", d.path, err)
	}
	return ASN{Number: a.Number, Org: a.Org}, nil
}
