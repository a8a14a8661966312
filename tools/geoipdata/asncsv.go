package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on the ASN CSV. The real files hold about 400 000 IPv4 and
// 100 000 IPv6 rows; organization names are short.
const (
	maxCSVRows  = 4_000_000
	maxOrgBytes = 256
	maxRowBytes = 1024
)

// ASNRange is one row of the ip-location-db ASN CSV: an inclusive address
// range, the AS number announcing it and the AS organization.
type ASNRange struct {
	Start, End netip.Addr
	Number     uint32
	Org        string
}

// errRowLimit is returned when a file has more rows than maxCSVRows.
var errRowLimit = fmt.Errorf("more than %d rows", maxCSVRows)

// readASNCSV reads `ip_range_start,ip_range_end,asn,organization` rows
// (addresses in text form, both ends inclusive, one family per row) and
// calls fn for each. Rows with AS number 0 (unannounced space) are skipped.
// A malformed row is an error naming its line: the generator must not
// silently build a database from a file it misread.
func readASNCSV(r io.Reader, fn func(ASNRange) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.ReuseRecord = true
	for rows := 0; ; rows++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("asn csv: %w", err) // a csv.ParseError names its line
		}
		line, _ := cr.FieldPos(0)
		if rows >= maxCSVRows {
			return fmt.Errorf("asn csv: %w", errRowLimit)
		}
		rg, err := parseASNRow(rec)
		if err != nil {
			return fmt.Errorf("asn csv line %d: %w", line, err)
		}
		if rg.Number == 0 {
			continue
		}
		if err := fn(rg); err != nil {
			return err
		}
	}
}

func parseASNRow(rec []string) (ASNRange, error) {
	n := 0
	for _, f := range rec {
		n += len(f)
	}
	if n > maxRowBytes {
		return ASNRange{}, fmt.Errorf("row longer than %d bytes", maxRowBytes)
	}
	start, err := netip.ParseAddr(strings.TrimSpace(rec[0]))
	if err != nil {
		return ASNRange{}, fmt.Errorf("range start: %w", err)
	}
	end, err := netip.ParseAddr(strings.TrimSpace(rec[1]))
	if err != nil {
		return ASNRange{}, fmt.Errorf("range end: %w", err)
	}
	if start.Zone() != "" || end.Zone() != "" {
		return ASNRange{}, errors.New("address with a zone")
	}
	start, end = start.Unmap(), end.Unmap()
	if start.Is4() != end.Is4() {
		return ASNRange{}, fmt.Errorf("range %s-%s mixes IPv4 and IPv6", start, end)
	}
	if end.Less(start) {
		return ASNRange{}, fmt.Errorf("range %s-%s ends before it starts", start, end)
	}
	num, err := strconv.ParseUint(strings.TrimSpace(rec[2]), 10, 32)
	if err != nil {
		return ASNRange{}, fmt.Errorf("AS number: %w", err)
	}
	org := strings.TrimSpace(strings.ToValidUTF8(rec[3], "\uFFFD"))
	if len(org) > maxOrgBytes {
		org = org[:maxOrgBytes]
		for !utf8.ValidString(org) {
			org = org[:len(org)-1]
		}
	}
	return ASNRange{Start: start, End: end, Number: uint32(num), Org: org}, nil
}
