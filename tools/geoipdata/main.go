// Command geoipdata refreshes the IP → country and IP → ASN databases that
// checkmail embeds (analysis/geoip/data) from the ip-location-db project's
// npm packages:
//
//	go run ./tools/geoipdata                       # latest packages, via `npm pack`
//	go run ./tools/geoipdata -version 2.3.2026061719
//	go run ./tools/geoipdata -country X.tgz -asn Y.tgz   # tarballs already fetched
//
// @ip-location-db/geo-whois-asn-country-mmdb is embedded as it is (its
// records are flat: {"country_code": "JP"}); @ip-location-db/asn (CSV) is
// converted to an mmdb in the GeoLite2-ASN layout with mmdbwriter. Both are
// stored uncompressed (git compresses them; the binary reads them in place),
// and the licence files come along. The tool also
// writes analysis/geoip/embedded_gen.go (package names and versions) and
// analysis/geoip/countries_gen.go (country names from CLDR).
//
// Run it from the repository root.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/oschwald/maxminddb-golang/v2"
)

const (
	countryPackage = "@ip-location-db/geo-whois-asn-country-mmdb"
	asnPackage     = "@ip-location-db/asn"
	countryFile    = "geo-whois-asn-country.mmdb"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("geoipdata: ")
	version := flag.String("version", "latest", "npm version of both packages")
	countryTGZ := flag.String("country", "", "tarball of "+countryPackage+" (default: npm pack)")
	asnTGZ := flag.String("asn", "", "tarball of "+asnPackage+" (default: npm pack)")
	out := flag.String("out", filepath.Join("analysis", "geoip"), "the geoip package directory")
	flag.Parse()
	if err := run(*version, *countryTGZ, *asnTGZ, *out); err != nil {
		log.Fatal(err)
	}
}

func run(version, countryTGZ, asnTGZ, out string) error {
	if _, err := os.Stat(filepath.Join(out, "geoip.go")); err != nil {
		return fmt.Errorf("%s is not the geoip package (run from the repository root or give -out): %w", out, err)
	}
	tmp, err := os.MkdirTemp("", "geoipdata")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if countryTGZ == "" {
		if countryTGZ, err = npmPack(tmp, countryPackage, version); err != nil {
			return err
		}
	}
	if asnTGZ == "" {
		if asnTGZ, err = npmPack(tmp, asnPackage, version); err != nil {
			return err
		}
	}
	cp, err := readTarball(countryTGZ, "package.json", countryFile, "NRO_LICENSE")
	if err != nil {
		return err
	}
	ap, err := readTarball(asnTGZ, "package.json", "asn-ipv4.csv", "asn-ipv6.csv",
		"DBIP-LICENSE", "ROUTEVIEWS-LICENSE", "NRO_LICENSE", "MODIFICATIONS")
	if err != nil {
		return err
	}
	cver, err := packageVersion(cp, countryPackage)
	if err != nil {
		return err
	}
	aver, err := packageVersion(ap, asnPackage)
	if err != nil {
		return err
	}

	country := cp.files[countryFile]
	cdb, err := maxminddb.OpenBytes(country)
	if err != nil {
		return fmt.Errorf("%s: %w", countryFile, err)
	}
	// Upstream's metadata has no description, which Verify rejects: walk
	// every network instead, which decodes every record.
	codes, nets, err := countryCodes(cdb)
	if err != nil {
		return fmt.Errorf("%s: %w", countryFile, err)
	}
	log.Printf("country: %d networks, %d country codes, %d bytes", nets, len(codes), len(country))

	// The CSV carries no date; the package version ends in YYYYMMDDHH.
	epoch, err := versionTime(aver)
	if err != nil {
		return err
	}
	b, err := newASNBuilder(epoch.Unix(), fmt.Sprintf("%s %s (RouteViews, DB-IP, NRO; CC BY 4.0)", asnPackage, aver))
	if err != nil {
		return err
	}
	for _, f := range []string{"asn-ipv4.csv", "asn-ipv6.csv"} {
		if err := readASNCSV(bytes.NewReader(ap.files[f]), b.add); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	asn, err := b.bytes()
	if err != nil {
		return err
	}
	adb, err := maxminddb.OpenBytes(asn)
	if err != nil {
		return fmt.Errorf("generated ASN database: %w", err)
	}
	if err := adb.Verify(); err != nil {
		return fmt.Errorf("generated ASN database: %w", err)
	}
	log.Printf("ASN: %d ranges (%d wholly reserved, skipped), %d distinct AS records, %d bytes, %d nodes",
		b.ranges, b.skipped, len(b.records), len(asn), adb.Metadata.NodeCount)

	data := filepath.Join(out, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	// Stored uncompressed: the binary reads them in place, lazily (zstd
	// saved 9 MB of binary but cost ~150 ms of CPU on each process's first
	// lookup).
	for name, raw := range map[string][]byte{"country.mmdb": country, "asn.mmdb": asn} {
		if err := os.WriteFile(filepath.Join(data, name), raw, 0o644); err != nil {
			return err
		}
		log.Printf("%s: %d bytes", name, len(raw))
	}
	licences := map[string][]byte{
		"NRO_LICENSE":        cp.files["NRO_LICENSE"],
		"DBIP-LICENSE":       ap.files["DBIP-LICENSE"],
		"ROUTEVIEWS-LICENSE": ap.files["ROUTEVIEWS-LICENSE"],
		"ASN-MODIFICATIONS":  ap.files["MODIFICATIONS"],
	}
	for name, body := range licences {
		if err := os.WriteFile(filepath.Join(data, name), body, 0o644); err != nil {
			return err
		}
	}
	src, err := format.Source(embeddedGo(cver, aver, time.Unix(int64(cdb.Metadata.BuildEpoch), 0), epoch))
	if err != nil {
		return err
	}
	if err := writeGo(filepath.Join(out, "embedded_gen.go"), src); err != nil {
		return err
	}
	cn, named, err := countriesGo()
	if err != nil {
		return err
	}
	for c, n := range codes {
		if !named[c] {
			log.Printf("warning: country code %q (%d networks) has no name in CLDR", c, n)
		}
	}
	return writeGo(filepath.Join(out, "countries_gen.go"), cn)
}

// countryCodes walks every network of a flat country database and returns
// the codes it uses.
func countryCodes(db *maxminddb.Reader) (map[string]int, int, error) {
	codes := map[string]int{}
	nets := 0
	for res := range db.Networks() {
		var rec struct {
			Code string `maxminddb:"country_code"`
		}
		if err := res.Decode(&rec); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", res.Prefix(), err)
		}
		if len(rec.Code) != 2 {
			return nil, 0, fmt.Errorf("%s: country code %q", res.Prefix(), rec.Code)
		}
		codes[rec.Code]++
		nets++
	}
	return codes, nets, nil
}

func packageVersion(p *pkg, name string) (string, error) {
	var meta struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(p.files["package.json"], &meta); err != nil {
		return "", fmt.Errorf("%s: package.json: %w", p.tarball, err)
	}
	if meta.Name != name {
		return "", fmt.Errorf("%s holds %q, want %q", p.tarball, meta.Name, name)
	}
	if meta.Version == "" || strings.ContainsAny(meta.Version, "\"\\`\n") {
		return "", fmt.Errorf("%s: bad version %q", p.tarball, meta.Version)
	}
	return meta.Version, nil
}

// versionTime reads the date ip-location-db puts in its versions
// (2.3.2026061719 → 2026-06-17 19:00 UTC).
func versionTime(v string) (time.Time, error) {
	i := strings.LastIndexByte(v, '.')
	if i < 0 {
		return time.Time{}, fmt.Errorf("version %q has no date part", v)
	}
	t, err := time.Parse("2006010215", v[i+1:])
	if err != nil {
		return time.Time{}, fmt.Errorf("version %q: date part: %w", v, err)
	}
	return t, nil
}

func embeddedGo(cver, aver string, cbuilt, abuilt time.Time) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./tools/geoipdata; DO NOT EDIT.\n\npackage geoip\n\n")
	fmt.Fprintf(&b, "// The embedded databases: npm packages of the ip-location-db project.\nconst (\n")
	fmt.Fprintf(&b, "\tembeddedCountryName    = %q\n", "ip-location-db geo-whois-asn-country")
	fmt.Fprintf(&b, "\tembeddedCountryVersion = %q // %s, built %s\n", cver, countryPackage, cbuilt.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "\tembeddedASNName        = %q\n", "ip-location-db asn")
	fmt.Fprintf(&b, "\tembeddedASNVersion     = %q // %s, built %s\n", aver, asnPackage, abuilt.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, ")\n")
	return b.Bytes()
}

func writeGo(path string, src []byte) error {
	if len(src) == 0 {
		return errors.New("empty source for " + path)
	}
	return os.WriteFile(path, src, 0o644)
}
