package ownership

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/team"
)

// fakeTable knows one brand with one domain and one entity.
type fakeTable struct{}

func (fakeTable) Owns(b *brands.Brand, d string) bool { return d == "chase.com" || d == "gmail.com" }
func (fakeTable) IsFreemail(d string) bool            { return d == "gmail.com" }
func (fakeTable) IsHosted(d string) bool              { return d == "x.onmicrosoft.com" }
func (fakeTable) IsEntity(b *brands.Brand, r string) bool {
	return strings.Contains(strings.ToLower(r), "jpmorgan chase")
}
func (fakeTable) ProtectionRegistrar(r string) bool { return strings.HasPrefix(r, "MarkMonitor") }

func age(n int) *int { return &n }

func TestResolve(t *testing.T) {
	chase := &brands.Brand{ID: "chase", Name: "Chase"}
	tests := []struct {
		name     string
		d        report.Domain
		lookedUp bool
		team     team.Record
		status   Status
		basis    Basis
	}{
		{"table", report.Domain{Name: "chase.com"}, false, team.Record{}, Belongs, BrandTable},
		{"free mail", report.Domain{Name: "gmail.com"}, true, team.Record{}, NotBelongs, Freemail},
		{"registrant is the brand", report.Domain{Name: "chasetravel.com", Registrant: "JPMorgan Chase & Co.", AgeDays: age(4000)}, true, team.Record{}, Belongs, RegistrantIsBrand},
		{"registrant is someone else", report.Domain{Name: "chase-x.com", Registrant: "Evil Ltd", AgeDays: age(4000)}, true, team.Record{}, NotBelongs, RegistrantOther},
		{"young beats a registrant that says it is the brand", report.Domain{Name: "chase-t.com", Registrant: "JPMorgan Chase & Co.", AgeDays: age(5)}, true, team.Record{}, NotBelongs, Young},
		{"young beats a redacted registrant", report.Domain{Name: "chase-y.com", Registrant: "REDACTED FOR PRIVACY", AgeDays: age(3)}, true, team.Record{}, NotBelongs, Young},
		{"protection registrar, old", report.Domain{Name: "chase-z.com", Registrant: "REDACTED FOR PRIVACY", Registrar: "MarkMonitor Inc.", AgeDays: age(800)}, true, team.Record{}, Belongs, ProtectionRegistrar},
		{"protection registrar, new", report.Domain{Name: "chase-w.com", Registrar: "MarkMonitor Inc.", AgeDays: age(100)}, true, team.Record{}, Unknown, LookupFailed},
		{"team legitimate", report.Domain{Name: "chase-v.com"}, false, team.Record{Legitimate: 2}, Belongs, TeamLegitimate},
		{"team phishing", report.Domain{Name: "chase-v.com"}, false, team.Record{Phishing: 1}, NotBelongs, TeamPhishing},
		{"offline", report.Domain{Name: "chase-u.com"}, false, team.Record{}, Unknown, NoLookup},
		{"a university", report.Domain{Name: "southampton.ac.uk"}, false, team.Record{}, NotBelongs, Institution},
		{"a government", report.Domain{Name: "example.gov"}, false, team.Record{}, NotBelongs, Institution},
		{"not a government", report.Domain{Name: "gov.example.com"}, false, team.Record{}, Unknown, NoLookup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.d.Roles = []string{report.RoleFrom}
			fs := Resolve(fakeTable{}, Input{Brand: chase, Domains: []report.Domain{tt.d}, LookedUp: tt.lookedUp,
				Team: map[string]team.Record{tt.d.Name: tt.team}})
			if len(fs) != 1 {
				t.Fatalf("findings = %+v", fs)
			}
			f := fs[0]
			if f.Status != tt.status || f.Basis != tt.basis {
				t.Errorf("got %v/%v, want %v/%v", f.Status, f.Basis, tt.status, tt.basis)
			}
			en, ja := f.Sentence()
			if en == "" || ja == "" || strings.Contains(en, tt.d.Name) {
				t.Errorf("sentence %q / %q (domains must be defanged)", en, ja)
			}
		})
	}
}

func TestResolveSkipsMessageIDAndBounds(t *testing.T) {
	b := &brands.Brand{ID: "chase", Name: "Chase"}
	var ds []report.Domain
	ds = append(ds, report.Domain{Name: "mid.example", Roles: []string{report.RoleMessageID}})
	for i := 0; i < 30; i++ {
		ds = append(ds, report.Domain{Name: "d" + strings.Repeat("x", i) + ".example", Roles: []string{report.RoleLink}})
	}
	fs := Resolve(fakeTable{}, Input{Brand: b, Domains: ds})
	if len(fs) != MaxFindings || fs[0].Domain == "mid.example" {
		t.Errorf("got %d findings, first %q", len(fs), fs[0].Domain)
	}
	if Resolve(fakeTable{}, Input{Domains: ds}) != nil {
		t.Error("no brand, no findings")
	}
}

func TestRedacted(t *testing.T) {
	for _, r := range []string{"REDACTED FOR PRIVACY", "Privacy service provided by Withheld for Privacy ehf", "Domains By Proxy, LLC", "(Not Disclosed)"} {
		if !Redacted(r) {
			t.Errorf("%q not redacted", r)
		}
	}
	if Redacted("Rakuten Group, Inc.") {
		t.Error("real owner redacted")
	}
}
