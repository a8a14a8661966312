package whois_test

import (
	"testing"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/lookup/owner"
	"github.com/checkmail/checkmail/analysis/whois"
	"github.com/checkmail/checkmail/internal/corpustest"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		analysistest.JPRSGeneric("ip-phone-smart.jp", "Rakuten Mobile, Inc.", "2014/05/14", "2022/05/31"),
		analysistest.JPRSOrganizational("rakuten.co.jp", "Rakuten Group, Inc.", "1997/04/07", "2022/03/31"),
		gtld, cnnic, nominet, denic, "No match!!\r\n",
		"a. [Domain Name] X\n[State] Connected (\n[Registered Date] 1997/13/45\n",
		"Registrar:\n\n    \nRegistrant:\n   Foo: Bar\n",
	} {
		f.Add([]byte(s))
	}
	// Mail text is a fair source of "Key: value" lines.
	for _, m := range corpustest.Seeds(20) {
		if len(m) > 32<<10 {
			m = m[:32<<10]
		}
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, info := range []whois.DomainInfo{whois.ParseJPRS(string(b)), whois.ParseGeneric(string(b))} {
			for _, s := range []string{info.Registrar, info.Registrant} {
				if len(s) > owner.MaxField || !utf8.ValidString(s) {
					t.Fatalf("bad field %q", s)
				}
			}
			if len(info.Status) > 16 {
				t.Fatalf("%d status values", len(info.Status))
			}
			if y := info.Created.Year(); !info.Created.IsZero() && (y < 1980 || y > 2200) {
				t.Fatalf("implausible date %v", info.Created)
			}
		}
		info, err := whois.Parse(b)
		if err == nil && info.Empty() {
			t.Fatal("no error for an empty result")
		}
	})
}
