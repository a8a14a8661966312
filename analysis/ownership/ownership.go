// Package ownership decides, for each domain of a mail that is tied to a
// brand the mail claims, whether the domain belongs to that brand: the way a
// person answers "is ip-phone-smart.jp really SMARTalk's?". Evidence, in
// order of strength: the brand table, the registrant organization (RDAP or
// WHOIS) against the brand's legal entities, a brand-protection registrar,
// the domain's age, and the team's own earlier decisions.
package ownership

import (
	"slices"
	"strings"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/domain"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/team"
)

// Status is the answer for one domain.
type Status uint8

// Answers.
const (
	Unknown Status = iota
	Belongs
	NotBelongs
)

// String is the report's name for s.
func (s Status) String() string {
	switch s {
	case Belongs:
		return "belongs"
	case NotBelongs:
		return "does_not_belong"
	}
	return "unknown"
}

// Basis is the evidence an answer rests on.
type Basis uint8

// Evidence for an answer.
const (
	// BrandTable: the domain is one of the brand's known domains (or its
	// group's).
	BrandTable Basis = iota + 1
	// RegistrantIsBrand: the registrant organization is one of the
	// brand's legal entities.
	RegistrantIsBrand
	// ProtectionRegistrar: registered through a brand-protection
	// registrar, for more than a year.
	ProtectionRegistrar
	// TeamLegitimate / TeamPhishing: the team decided earlier cases with
	// this domain that way.
	TeamLegitimate
	TeamPhishing
	// Freemail: an address anyone can open at a mailbox provider or a
	// hosting platform's tenant domain.
	Freemail
	// RegistrantOther: registered to an organization that is not the brand.
	RegistrantOther
	// Young: registered days ago.
	Young
	// NoLookup: no owner lookup ran (offline or not configured).
	NoLookup
	// LookupFailed: the owner lookup failed or found no owner data.
	LookupFailed
	// Institution: the domain is under a suffix only universities,
	// schools or governments can register (.edu, .ac.uk, .go.jp); a
	// company's brand does not mail from there.
	Institution
)

// String is the report's name for b.
func (b Basis) String() string {
	return [...]string{"", "brand_table", "registrant", "protection_registrar", "team_legitimate", "team_phishing",
		"freemail", "registrant_other", "young", "no_lookup", "lookup_failed", "institution"}[b]
}

// YoungDays: a domain younger than this cannot be an established brand's.
const YoungDays = 30

// establishedDays: a protection registrar counts for a domain this old.
const establishedDays = 365

// MaxFindings bounds the domains resolved for one mail.
const MaxFindings = 12

// Finding is the answer for one domain and one claimed brand.
type Finding struct {
	Domain string
	Roles  []string // report.Role*
	Brand  *brands.Brand
	Status Status
	Basis  Basis
	// What the lookups and the team said, for the sentence.
	Registrant, Registrar string
	Created               string // YYYY-MM-DD
	AgeDays               int    // -1 when unknown
	Team                  team.Record
}

// Table is what ownership needs of the brand table (brands.Table).
type Table interface {
	Owns(b *brands.Brand, domain string) bool
	IsFreemail(domain string) bool
	IsHosted(domain string) bool
	IsEntity(b *brands.Brand, registrant string) bool
	ProtectionRegistrar(registrar string) bool
}

// Input is one mail's domains, what lookups found and what the team said.
type Input struct {
	// Brand is the claimed brand the domains are checked against.
	Brand *brands.Brand
	// Domains are organizational domains with their roles, most relevant
	// first; with lookup results filled in where lookups ran.
	Domains []report.Domain
	// LookedUp: owner lookups ran (not offline, configured).
	LookedUp bool
	// Team holds the team's record per organizational domain.
	Team map[string]team.Record
}

// Resolve answers for every domain of in that speaks for the sender or is a
// link, in the order given, at most MaxFindings.
func Resolve(t Table, in Input) []Finding {
	if in.Brand == nil {
		return nil
	}
	var out []Finding
	for _, d := range in.Domains {
		if len(out) >= MaxFindings {
			break
		}
		if d.Name == "" || slices.Equal(d.Roles, []string{report.RoleMessageID}) {
			continue
		}
		out = append(out, resolve(t, in, d))
	}
	return out
}

func resolve(t Table, in Input, d report.Domain) Finding {
	b := in.Brand
	f := Finding{Domain: d.Name, Roles: d.Roles, Brand: b, Registrant: d.Registrant, Registrar: d.Registrar,
		Created: d.Created, AgeDays: -1, Team: in.Team[domain.Org(d.Name)]}
	if d.AgeDays != nil {
		f.AgeDays = *d.AgeDays
	}
	known := d.Registrant != "" && !Redacted(d.Registrant)
	switch {
	// A free-mail user is not the company that runs the service:
	// "Google Security <x@gmail.com>" is not Google.
	case t.IsFreemail(d.Name) || t.IsHosted(d.Name):
		f.Status, f.Basis = NotBelongs, Freemail
	case t.Owns(b, d.Name):
		f.Status, f.Basis = Belongs, BrandTable
	case institutional(d.Name) && !slices.ContainsFunc(b.Domains, institutional):
		f.Status, f.Basis = NotBelongs, Institution
	case f.AgeDays >= 0 && f.AgeDays < YoungDays:
		// A registrant organization is self-declared: a days-old domain
		// "registered to Amazon" is no established brand's.
		f.Status, f.Basis = NotBelongs, Young
	case known && t.IsEntity(b, d.Registrant):
		f.Status, f.Basis = Belongs, RegistrantIsBrand
	case known:
		f.Status, f.Basis = NotBelongs, RegistrantOther
	case d.Registrar != "" && t.ProtectionRegistrar(d.Registrar) && (f.AgeDays < 0 || f.AgeDays >= establishedDays):
		f.Status, f.Basis = Belongs, ProtectionRegistrar
	case f.Team.Phishing > f.Team.Legitimate:
		f.Status, f.Basis = NotBelongs, TeamPhishing
	case f.Team.Legitimate > f.Team.Phishing:
		f.Status, f.Basis = Belongs, TeamLegitimate
	case !in.LookedUp:
		f.Basis = NoLookup
	default:
		f.Basis = LookupFailed
	}
	return f
}

// Redacted reports whether a registrant is a privacy placeholder rather
// than an owner.
func Redacted(registrant string) bool {
	l := strings.ToLower(registrant)
	for _, w := range []string{"redacted", "not disclosed", "data protected", "privacy", "proxy", "withheld", "gdpr masked", "statutory masking", "whoisguard", "private registration", "non-public data", "contact privacy", "perfect privacy"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// Of returns the finding for an organizational domain, if any.
func Of(fs []Finding, org string) (Finding, bool) {
	for _, f := range fs {
		if f.Domain == org {
			return f, true
		}
	}
	return Finding{}, false
}

// institutionSuffixes can be registered only by universities, schools or
// public bodies.
var institutionSuffixes = []string{"edu", "gov", "mil", "int"}

// institutionLabels are second-level labels with the same restriction
// under a country code (ac.uk, edu.au, go.jp, gov.br, ac.jp, ed.jp, lg.jp).
var institutionLabels = []string{"ac", "edu", "gov", "go", "gob", "gouv", "govt", "mil", "ed", "lg", "sch", "k12"}

func institutional(d string) bool {
	labels := strings.Split(strings.ToLower(d), ".")
	n := len(labels)
	if n < 2 {
		return false
	}
	if slices.Contains(institutionSuffixes, labels[n-1]) {
		return true
	}
	return n >= 3 && len(labels[n-1]) == 2 && slices.Contains(institutionLabels, labels[n-2])
}
