// Package brands is a table of commonly impersonated brands (global and
// Japanese) with the primitives impersonation checks need: which brands a
// text names (Find, FindStrict), which brand owns a domain (OwnerOf, Owns,
// OwnsSender), whether a domain belongs to a sending service, click
// tracker, mailbox provider or hosting platform rather than to a brand
// (IsESP, IsTracker, IsFreemail, IsHosted), which brands a domain imitates
// (Lookalikes), and who is behind a brand: its legal entities (EntityOf,
// IsEntity, NormalizeEntity), the services it sends through
// (SendsThrough) and whether a registrar is a brand-protection one
// (ProtectionRegistrar).
//
// The knowledge itself is data: brands.yaml, embedded in the binary and
// read once, when Default is first called.
package brands

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/internal/ascii"
)

// Brand is one commonly impersonated brand.
type Brand struct {
	ID     string `yaml:"id"`      // stable, e.g. "rakuten", "smbc-card", "japanpost"
	Name   string `yaml:"name"`    // display name in English
	NameJA string `yaml:"name_ja"` // Japanese display name where there is one
	// Names people write, in any script. Matching is case-insensitive and
	// NFKC-style folded (ＡＭＡＺＯＮ and ﾗｸﾃﾝ match). ASCII names need a word
	// boundary before them; names shorter than 5 letters also after them.
	Names []string `yaml:"names"`
	// Words are names that are also ordinary words ("apple", "chase"): they
	// match only as whole words, and in body text only when capitalised.
	Words []string `yaml:"words"`
	// Domains are official registrable domains (or subdomains of a shared
	// one, e.g. jp-bank.japanpost.jp), service and secondary domains
	// included. Sending services are not listed.
	Domains []string `yaml:"domains"`
	// Entities are the legal entities behind the brand, in English and
	// Japanese ("Fusion Communications Corporation",
	// "フュージョン・コミュニケーションズ株式会社"), as a registrant
	// organization would name them. Compared after NormalizeEntity.
	Entities []string `yaml:"entities"`
	// Senders are sending services and click-tracking hosts the brand is
	// known to send through (SMARTalk: mpse.jp). They do not make a domain
	// the brand's: anyone can send through the same service.
	Senders []string `yaml:"senders"`
	// Parent is the ID of the group the brand belongs to (SMARTalk belongs
	// to rakuten); brands of one group accept each other's domains and
	// legal entities.
	Parent string `yaml:"parent"`
	// AnyTLD: the brand registers its name under many country TLDs, so
	// name.<other TLD> (google.de) is not reported as a lookalike. It does
	// not make such a domain owned.
	AnyTLD bool `yaml:"any_tld"`
}

// Hit is a brand named in a text.
type Hit struct {
	Brand *Brand
	Match string // the text as written, e.g. "ＰａｙＰａｌ" or "MеtаМаsk"
}

// MaxText is how much of a text Find and FindStrict look at.
const MaxText = 256 << 10

// Table is an immutable brand table, safe for concurrent use.
type Table struct {
	brands []Brand
	byID   map[string]int
	root   []int // group root of every brand

	domains  map[string]int // official domain → brand
	esp      map[string]bool
	trackers map[string]bool
	freemail map[string]bool
	hosted   map[string]bool

	entities   map[string][]int // NormalizeEntity(entity) → brands
	senders    map[string][]int // sender domain → brands
	registrars []string         // normalized brand-protection registrar names

	find, strict         *phrase.Matcher
	findOwner, strictOwn []int // pattern → brand

	look lookalikeIndex
}

// Default returns the table built from the built-in data (brands.yaml).
// It is built once, on the first call, and shared: the table is immutable.
func Default() *Table { return defaultTable() }

var defaultTable = sync.OnceValue(func() *Table {
	t, err := NewFromData(builtinData())
	if err != nil {
		panic("brands: built-in table is invalid: " + err.Error())
	}
	return t
})

// New builds a table from brands (which it copies) and the built-in lists
// of sending services, trackers, mailbox providers, hosting platforms,
// brand-protection registrars and lure words.
func New(brands []Brand) (*Table, error) {
	d := *builtinData()
	d.Brands = brands
	return NewFromData(&d)
}

// NewFromData builds a table from a parsed data file (see ParseData).
func NewFromData(d *Data) (*Table, error) {
	brands := d.Brands
	t := &Table{
		byID:     make(map[string]int, len(brands)),
		domains:  make(map[string]int),
		esp:      set(d.ESPs),
		trackers: set(d.Trackers),
		freemail: set(d.Freemail),
		hosted:   set(d.Hosted),
		entities: make(map[string][]int),
		senders:  make(map[string][]int),
	}
	for list, m := range map[string]map[string]bool{"esps": t.esp, "trackers": t.trackers, "freemail": t.freemail, "hosted": t.hosted} {
		for s := range m {
			if normDomain(s) != s {
				return nil, fmt.Errorf("%s: %q must be a lower-case domain without dots at the ends", list, s)
			}
		}
	}
	for _, r := range d.ProtectionRegistrars {
		n := NormalizeEntity(r)
		if len(n) < 4 {
			return nil, fmt.Errorf("protection registrar %q is too short to match safely", r)
		}
		t.registrars = append(t.registrars, n)
	}
	for _, b := range brands {
		b.Names = slices.Clone(b.Names)
		b.Words = slices.Clone(b.Words)
		b.Domains = slices.Clone(b.Domains)
		b.Entities = slices.Clone(b.Entities)
		b.Senders = slices.Clone(b.Senders)
		t.brands = append(t.brands, b)
	}
	for i, b := range t.brands {
		if b.ID == "" {
			return nil, fmt.Errorf("brand %d (%q) has no ID", i, b.Name)
		}
		if _, dup := t.byID[b.ID]; dup {
			return nil, fmt.Errorf("brand ID %q is used twice", b.ID)
		}
		if len(b.Names)+len(b.Words) == 0 {
			return nil, fmt.Errorf("brand %q has no names", b.ID)
		}
		t.byID[b.ID] = i
	}
	t.root = make([]int, len(t.brands))
	for i := range t.brands {
		r, err := t.groupRoot(i)
		if err != nil {
			return nil, err
		}
		t.root[i] = r
	}
	for i, b := range t.brands {
		for _, d := range b.Domains {
			nd := normDomain(d)
			if nd == "" || nd != d {
				return nil, fmt.Errorf("brand %q: domain %q must be lower-case and without dots at the ends", b.ID, d)
			}
			if j, dup := t.domains[nd]; dup && j != i {
				return nil, fmt.Errorf("domain %q belongs to both %q and %q", nd, t.brands[j].ID, b.ID)
			}
			t.domains[nd] = i
		}
		for _, d := range b.Senders {
			if nd := normDomain(d); nd == "" || nd != d {
				return nil, fmt.Errorf("brand %q: sender %q must be lower-case and without dots at the ends", b.ID, d)
			}
			if !slices.Contains(t.senders[d], i) {
				t.senders[d] = append(t.senders[d], i)
			}
		}
		for _, e := range b.Entities {
			n := NormalizeEntity(e)
			if n == "" {
				return nil, fmt.Errorf("brand %q: entity %q normalizes to nothing", b.ID, e)
			}
			if !slices.Contains(t.entities[n], i) {
				t.entities[n] = append(t.entities[n], i)
			}
		}
	}
	if err := t.buildMatchers(); err != nil {
		return nil, err
	}
	t.look = buildLookalikeIndex(t, d.LureWords, d.CommonLabels)
	return t, nil
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

func (t *Table) groupRoot(i int) (int, error) {
	for range len(t.brands) + 1 {
		p := t.brands[i].Parent
		if p == "" {
			return i, nil
		}
		j, ok := t.byID[p]
		if !ok {
			return 0, fmt.Errorf("brand %q: unknown parent %q", t.brands[i].ID, p)
		}
		i = j
	}
	return 0, errors.New("brands: parent cycle")
}

func (t *Table) buildMatchers() error {
	var find, strict []phrase.Pattern
	for i, b := range t.brands {
		for _, n := range b.Names {
			short := ascii.Is(n) && len(phrase.Fold(n)) < 5
			find = append(find, phrase.Pattern{Text: n, Start: true, End: short})
			t.findOwner = append(t.findOwner, i)
			strict = append(strict, phrase.Pattern{Text: n, Start: true, End: true, Standalone: true})
			t.strictOwn = append(t.strictOwn, i)
		}
		for _, n := range b.Words {
			find = append(find, phrase.Pattern{Text: n, Start: true, End: true})
			t.findOwner = append(t.findOwner, i)
			strict = append(strict, phrase.Pattern{Text: n, Start: true, End: true, Standalone: true, Cased: true})
			t.strictOwn = append(t.strictOwn, i)
		}
	}
	var err error
	if t.find, err = phrase.New(find); err != nil {
		return err
	}
	t.strict, err = phrase.New(strict)
	return err
}

// Brands returns the brands of the table. The slices inside are shared:
// do not modify them.
func (t *Table) Brands() []Brand { return slices.Clone(t.brands) }

// ByID returns the brand with the given ID, or nil.
func (t *Table) ByID(id string) *Brand {
	if i, ok := t.byID[id]; ok {
		return &t.brands[i]
	}
	return nil
}

// Find returns the brands named in a short text such as a display name or
// a subject, each brand once, in order of appearance. Distinctive names
// match anywhere a word may start ("PayPal-Service", "楽天カード"); short
// names and ordinary words only as whole words.
func (t *Table) Find(text string) []Hit {
	return t.hits(t.find, t.findOwner, text, nil)
}

// FindStrict is Find for body text: every name must stand as a whole word,
// not inside an address or domain name ("x@google.com" names no brand),
// and names that are ordinary words must be capitalised ("Apple", not
// "apple").
func (t *Table) FindStrict(text string) []Hit {
	return t.hits(t.strict, t.strictOwn, text, nil)
}

// FindStrictFolded is FindStrict with text already folded by
// phrase.FoldText (nil: not folded), for a body other matchers search too.
func (t *Table) FindStrictFolded(text string, folded *phrase.Folded) []Hit {
	return t.hits(t.strict, t.strictOwn, text, folded)
}

// StrictMatcher is the matcher of FindStrict and FindStrictFolded, for a
// phrase.Union with the other matchers of a body.
func (t *Table) StrictMatcher() *phrase.Matcher { return t.strict }

func (t *Table) hits(m *phrase.Matcher, owner []int, text string, folded *phrase.Folded) []Hit {
	if len(text) > MaxText {
		text = text[:MaxText]
	}
	ms := m.FindFolded(text, folded)
	if len(ms) == 0 {
		return nil
	}
	var out []Hit
	var seen []int
	for _, x := range ms {
		b := owner[x.Pattern]
		if slices.Contains(seen, b) {
			continue
		}
		seen = append(seen, b)
		out = append(out, Hit{Brand: &t.brands[b], Match: text[x.Start:x.End]})
	}
	return out
}

// normDomain lower-cases a domain and trims dots; it returns "" for names
// that cannot be domains (empty, too long, spaces or control characters).
func normDomain(d string) string {
	d = strings.Trim(strings.TrimSpace(d), ".")
	if d == "" || len(d) > 253 {
		return ""
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c <= ' ' || c == 0x7f || c == '/' || c == '@' || c == ':' {
			return ""
		}
	}
	if strings.Contains(d, "..") {
		return ""
	}
	return strings.ToLower(d)
}

// suffixes calls fn with d and each parent domain of d, longest first,
// until fn returns true.
func suffixes(d string, fn func(s string) bool) bool {
	for {
		if fn(d) {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			return false
		}
		d = d[i+1:]
	}
}

func (t *Table) owner(d string) int {
	idx := -1
	suffixes(d, func(s string) bool {
		if i, ok := t.domains[s]; ok {
			idx = i
			return true
		}
		return false
	})
	return idx
}

// OwnerOf returns the brand that owns domain (a host name or an
// organizational domain), choosing the most specific listed domain, or nil.
func (t *Table) OwnerOf(domain string) *Brand {
	d := normDomain(domain)
	if d == "" {
		return nil
	}
	if i := t.owner(d); i >= 0 {
		return &t.brands[i]
	}
	return nil
}

// Owns reports whether domain belongs to b or to a brand of b's group.
func (t *Table) Owns(b *Brand, domain string) bool {
	if b == nil {
		return false
	}
	bi, ok := t.byID[b.ID]
	d := normDomain(domain)
	if !ok || d == "" {
		return false
	}
	return suffixes(d, func(s string) bool {
		i, ok := t.domains[s]
		return ok && t.root[i] == t.root[bi]
	})
}

// OwnsSender is Owns for the domain of a sender address: a mailbox at a
// provider where anyone can have one (outlook.com, gmail.com, docomo.ne.jp)
// or at a hosting platform's tenant domain never speaks for the brand.
func (t *Table) OwnsSender(b *Brand, domain string) bool {
	return t.Owns(b, domain) && !t.IsFreemail(domain) && !t.IsHosted(domain)
}

func (t *Table) inSet(m map[string]bool, domain string) bool {
	d := normDomain(domain)
	return d != "" && suffixes(d, func(s string) bool { return m[s] })
}

// IsESP reports whether domain (or a parent) belongs to an e-mail sending
// service (SendGrid, Amazon SES, Mailchimp, emberpoint/mpse.jp …), whose
// Return-Path and Message-ID domains are normal for legitimate bulk mail.
func (t *Table) IsESP(domain string) bool { return t.inSet(t.esp, domain) }

// IsFreemail reports whether domain is a mailbox provider where anyone can
// have an address.
func (t *Table) IsFreemail(domain string) bool { return t.inSet(t.freemail, domain) }

// IsHosted reports whether domain is on a platform where anyone can publish
// content or run a tenant (firebaseapp.com, onmicrosoft.com, sharepoint.com,
// docs.google.com …).
func (t *Table) IsHosted(domain string) bool { return t.inSet(t.hosted, domain) }

// hostedSuffix returns the hosted-platform suffix of d, or "".
func (t *Table) hostedSuffix(d string) string {
	var h string
	suffixes(d, func(s string) bool {
		if t.hosted[s] {
			h = s
			return true
		}
		return false
	})
	return h
}
