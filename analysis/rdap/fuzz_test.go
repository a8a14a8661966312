package rdap_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/lookup/owner"
	"github.com/checkmail/checkmail/analysis/rdap"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func rdapSeeds(f *testing.F) {
	reg, rr := analysistest.DomainJSON("http://127.0.0.1", "example.com", analysistest.DomainRecord{Registrar: "R", AtRegistrar: "O", Created: time.Now()})
	f.Add(reg)
	f.Add(rr)
	f.Add(analysistest.NetworkJSON(kddi))
	f.Add([]byte(`{"objectClassName":"domain","entities":[{"roles":["registrant"],"vcardArray":["vcard",[["fn",{},"text",["a",["b",[1]]]]]]}]}`))
	f.Add([]byte(`{"errorCode":404}`))
	f.Add([]byte(`{"objectClassName":"ip network","startAddress":"074.125.000.000/32"}`))
	if dir, ok := corpustest.Find(); ok {
		for _, set := range []string{"rdap_whoisit", "rdap_icann-rdap", "rdap_openrdap/rdap", "rdap_openrdap/jcard", "rdap_icann-conformance/validators"} {
			_ = filepath.WalkDir(filepath.Join(dir, set), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
					if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
						f.Add(b)
					}
				}
				return nil
			})
		}
	}
}

func FuzzDomainFromJSON(f *testing.F) {
	rdapSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		d, links, err := rdap.DomainFromJSON(b)
		if err != nil {
			return
		}
		for _, s := range []string{d.Name, d.Registrar, d.Registrant} {
			if len(s) > owner.MaxField || !utf8.ValidString(s) {
				t.Fatalf("unbounded or invalid field %q", s)
			}
		}
		if len(d.Status) > 16 || len(links) > 4 {
			t.Fatalf("unbounded lists: %d status, %d links", len(d.Status), len(links))
		}
	})
}

func FuzzNetworkFromJSON(f *testing.F) {
	rdapSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := rdap.NetworkFromJSON(b, "https://rdap.apnic.net/ip/1.2.3.4")
		if err != nil {
			return
		}
		for _, s := range []string{n.Name, n.Handle, n.Org, n.Country, n.AbuseEmail} {
			if len(s) > owner.MaxField || !utf8.ValidString(s) {
				t.Fatalf("unbounded or invalid field %q", s)
			}
		}
	})
}
