package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// asnDatabaseType is the database_type written into the generated ASN
// database. Its records use the GeoLite2-ASN field names, so any reader of
// that layout reads it.
const asnDatabaseType = "ip-location-db-ASN"

// asnKey deduplicates records by AS number and organization without the
// default key generator's serialise-and-hash of every inserted value.
type asnKey struct{}

func (asnKey) Key(v mmdbtype.DataType) ([]byte, error) {
	m, ok := v.(mmdbtype.Map)
	if !ok {
		return nil, fmt.Errorf("unexpected record %T", v)
	}
	n, _ := m["autonomous_system_number"].(mmdbtype.Uint32)
	o, _ := m["autonomous_system_organization"].(mmdbtype.String)
	return strconv.AppendUint([]byte(string(o)+"\x00"), uint64(n), 10), nil
}

// asnBuilder turns ASN ranges into an mmdb in the GeoLite2-ASN layout.
type asnBuilder struct {
	tree    *mmdbwriter.Tree
	records map[asnRecordID]mmdbtype.Map
	ranges  int // rows inserted
	skipped int // rows wholly in reserved or aliased space
}

type asnRecordID struct {
	number uint32
	org    string
}

func newASNBuilder(epoch int64, description string) (*asnBuilder, error) {
	tree, err := mmdbwriter.New(mmdbwriter.Options{
		BuildEpoch:   epoch,
		DatabaseType: asnDatabaseType,
		Description:  map[string]string{"en": description},
		IPVersion:    6,
		RecordSize:   24,
		KeyGenerator: asnKey{},
	})
	if err != nil {
		return nil, err
	}
	return &asnBuilder{tree: tree, records: map[asnRecordID]mmdbtype.Map{}}, nil
}

func (b *asnBuilder) add(r ASNRange) error {
	id := asnRecordID{r.Number, r.Org}
	rec, ok := b.records[id]
	if !ok {
		rec = mmdbtype.Map{"autonomous_system_number": mmdbtype.Uint32(r.Number)}
		if r.Org != "" {
			rec["autonomous_system_organization"] = mmdbtype.String(r.Org)
		}
		b.records[id] = rec
	}
	start, end := net.IP(r.Start.AsSlice()), net.IP(r.End.AsSlice())
	err := b.tree.InsertRange(start, end, rec)
	var reserved *mmdbwriter.ReservedNetworkError
	var aliased *mmdbwriter.AliasedNetworkError
	switch {
	case err == nil:
		b.ranges++
		return nil
	case errors.As(err, &reserved), errors.As(err, &aliased):
		// mmdbwriter leaves reserved and aliased space out; a row lying
		// wholly inside it is skipped, anything else is an error.
		b.skipped++
		return nil
	default:
		return fmt.Errorf("insert %s-%s AS%d: %w", r.Start, r.End, r.Number, err)
	}
}

func (b *asnBuilder) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if _, err := b.tree.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
