package main

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/oschwald/maxminddb-golang/v2"
)

func lookupAll(t *testing.T, raw []byte, ips ...string) []string {
	t.Helper()
	db, err := maxminddb.OpenBytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Verify(); err != nil {
		t.Fatal(err)
	}
	if db.Metadata.DatabaseType != asnDatabaseType || db.Metadata.BuildEpoch != 1781722800 {
		t.Errorf("metadata %+v", db.Metadata)
	}
	var out []string
	for _, ip := range ips {
		var rec struct {
			N   uint32 `maxminddb:"autonomous_system_number"`
			Org string `maxminddb:"autonomous_system_organization"`
		}
		if err := db.Lookup(netip.MustParseAddr(ip)).Decode(&rec); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s", rec.N, rec.Org))
	}
	return out
}
