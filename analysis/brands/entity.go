package brands

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
)

// MaxEntity is how much of an organization name NormalizeEntity reads.
const MaxEntity = 512

// jaForms are Japanese legal-form words, removed wherever they stand
// (株式会社 comes before or after the name). The parenthesised forms are
// what ㈱ and （株） fold to.
var jaForms = []string{
	"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "相互会社",
	"一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "独立行政法人", "特殊法人",
	"(株)", "(有)", "(同)", "(資)", "(名)",
}

// legalTail are legal-form words removed from the end of a name (after dots
// are dropped: "K.K." is "kk", "S.A." is "sa", "N.A." is "na").
var legalTail = map[string]bool{
	"inc": true, "incorporated": true, "co": true, "company": true, "corp": true, "corporation": true,
	"ltd": true, "limited": true, "llc": true, "llp": true, "lp": true, "plc": true, "kk": true,
	"kabushiki": true, "kaisha": true, "gk": true, "gmbh": true, "ag": true, "sa": true, "sas": true,
	"sarl": true, "srl": true, "spa": true, "bv": true, "nv": true, "ab": true, "as": true, "oy": true,
	"pte": true, "pty": true, "na": true, "se": true, "dba": true,
}

// legalHead are words removed from the start of a name ("Kabushiki Kaisha
// Toshiba", "The Bank of Yokohama").
var legalHead = map[string]bool{"the": true, "kabushiki": true, "kaisha": true, "kk": true}

// NormalizeEntity reduces an organization name to a form that compares
// equal across the usual spellings: case, full-width and half-width forms,
// punctuation and spaces are dropped, and so are legal forms (株式会社,
// (株), ㈱, Inc., Co., Ltd., Corporation, Corp., LLC, K.K., Kabushiki
// Kaisha, GmbH, S.A., plc …). "Amazon Technologies, Inc." and "Amazon
// Technologies Inc" both give "amazontechnologies". English and Japanese
// names of one company do not become equal: both are listed as entities.
// The folding is lossy (voiced kana lose their mark) and meant only for
// comparison.
func NormalizeEntity(s string) string {
	if len(s) > MaxEntity {
		s = s[:MaxEntity]
	}
	f := phrase.Fold(s)
	for _, j := range jaForms {
		f = strings.ReplaceAll(f, j, " ")
	}
	f = strings.ReplaceAll(f, ".", "") // K.K. → kk, Amazon.com → amazoncom
	var words []string
	start := -1
	for i, r := range f {
		word := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Lm, r))
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			words = append(words, f[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, f[start:])
	}
	for len(words) > 1 && legalTail[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && legalHead[words[0]] {
		words = words[1:]
	}
	return strings.Join(words, "")
}

// EntityOf returns the brands one of whose legal entities is registrant
// (an RDAP/WHOIS registrant organization), in table order.
func (t *Table) EntityOf(registrant string) []*Brand {
	n := NormalizeEntity(registrant)
	if n == "" {
		return nil
	}
	var out []*Brand
	for _, i := range t.entities[n] {
		out = append(out, &t.brands[i])
	}
	return out
}

// IsEntity reports whether registrant is one of the legal entities behind
// b or behind another brand of b's group (a SMARTalk domain registered by
// Rakuten Group, Inc. is SMARTalk's).
func (t *Table) IsEntity(b *Brand, registrant string) bool {
	if b == nil {
		return false
	}
	bi, ok := t.byID[b.ID]
	if !ok {
		return false
	}
	n := NormalizeEntity(registrant)
	if n == "" {
		return false
	}
	return slices.ContainsFunc(t.entities[n], func(i int) bool { return t.root[i] == t.root[bi] })
}

// ProtectionRegistrar reports whether name (a registrar's name as RDAP or
// WHOIS gives it) is a corporate brand-protection registrar such as
// MarkMonitor or CSC Corporate Domains, which phishers practically never
// use. Retail registrars, even large ones, are not.
func (t *Table) ProtectionRegistrar(name string) bool {
	n := NormalizeEntity(name)
	if n == "" {
		return false
	}
	for _, r := range t.registrars {
		if strings.Contains(n, r) {
			return true
		}
	}
	return false
}

// IsTracker reports whether host (or a parent domain) is a click-tracking
// or link-rewriting redirector of a sending service or mail filter
// (Amazon SES awstrack.me, SendGrid, Mailchimp list-manage.com …): a link
// through it names the redirector, not the destination.
func (t *Table) IsTracker(host string) bool { return t.inSet(t.trackers, host) }

// SendsThrough reports whether domain (or a parent) is a sending service
// or tracking host that b, or a brand of b's group, is known to send
// through. It is weaker than Owns: the service sends for anyone.
func (t *Table) SendsThrough(b *Brand, domain string) bool {
	if b == nil {
		return false
	}
	bi, ok := t.byID[b.ID]
	d := normDomain(domain)
	if !ok || d == "" {
		return false
	}
	return suffixes(d, func(s string) bool {
		return slices.ContainsFunc(t.senders[s], func(i int) bool { return t.root[i] == t.root[bi] })
	})
}
