package brands

import (
	"fmt"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
)

// Look kinds, strongest first.
const (
	KindIDN        = "idn"        // an internationalized name that reads as the brand
	KindConfusable = "confusable" // the brand's domain with look-alike characters (paypa1.com)
	KindEdit       = "edit"       // one or two typing edits away from the brand's domain (rakutem.co.jp)
	KindEmbedded   = "embedded"   // the brand's name inside someone else's domain (paypal-secure-login.com)
)

// Look is a brand that a domain imitates.
type Look struct {
	Brand    *Brand
	Kind     string
	Evidence string // plain text naming the domain parts involved; not defanged
}

// token is a brand label looked for inside other domains.
type token struct {
	text   string
	brand  int
	common bool // an ordinary word or short: needs a lure word too
}

// official is the registrable label of an official domain ("paypal" of
// paypal.com) with its skeleton.
type official struct {
	label, domain, skel string
	brand               int
	common              bool
}

type lookalikeIndex struct {
	tokens    []token
	officials []official
	bySkel    map[string][]int // skeleton → officials
	lures     []string
}

// buildLookalikeIndex indexes the official labels and brand names. Common
// labels are ordinary words or are shared by many unrelated domains: no
// edit-distance check, and embedded only together with a lure word.
func buildLookalikeIndex(t *Table, lures, commonLabels []string) lookalikeIndex {
	common := set(commonLabels)
	ix := lookalikeIndex{bySkel: make(map[string][]int), lures: lures}
	seenTok := make(map[string]bool)
	addToken := func(s string, b int) {
		if len(s) < 3 || seenTok[s] || !isASCII(s) {
			return
		}
		seenTok[s] = true
		ix.tokens = append(ix.tokens, token{text: s, brand: b, common: common[s] || len(s) < 4})
	}
	for i, b := range t.brands {
		for _, d := range b.Domains {
			label := registrableLabel(d)
			switch label {
			case "", "com", "co", "net", "org", "ne", "or", "go", "ac", "gov", "edu":
				continue // a suffix-like label ("com" of amazon.com.be): not a brand token
			}
			addToken(label, i)
			if len(label) >= 4 {
				o := official{label: label, domain: d, skel: skeleton(label), brand: i, common: common[label]}
				ix.bySkel[o.skel] = append(ix.bySkel[o.skel], len(ix.officials))
				ix.officials = append(ix.officials, o)
			}
		}
		for _, n := range b.Names {
			if f := strings.ReplaceAll(phrase.Fold(n), " ", ""); isASCII(f) && !strings.ContainsAny(f, ".&'/!") {
				addToken(f, i)
			}
		}
	}
	return ix
}

// registrableLabel returns the label just left of the public suffix:
// "paypal" for www.paypal.com, "japanpost" for jp-bank.japanpost.jp.
func registrableLabel(d string) string {
	org, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return ""
	}
	label, _, _ := strings.Cut(org, ".")
	return label
}

// skeleton maps a folded label to a form where characters that are easy to
// mistake for each other are the same: 0→o, 1/i/|→l, 5→s, rn→m, vv→w,
// cl→d, and hyphens vanish.
func skeleton(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == 'r' && next == 'n':
			b.WriteByte('m')
			i++
		case c == 'v' && next == 'v':
			b.WriteByte('w')
			i++
		case c == 'c' && next == 'l':
			b.WriteByte('d')
			i++
		case c == '0':
			b.WriteByte('o')
		case c == '1', c == 'i', c == '|':
			b.WriteByte('l')
		case c == '5':
			b.WriteByte('s')
		case c == '-':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maxLooks bounds the result of Lookalikes.
const maxLooks = 8

type label struct {
	text string // folded; for IDN labels the folded Unicode form
	idn  bool
}

// Lookalikes returns the brands that domain imitates, at most one Look per
// brand (the strongest kind). Domains owned by a brand, sending services'
// domains and invalid names give nil. Only the part of the name its
// registrant chose is examined: for a tenant of a hosting platform
// (x.firebaseapp.com, x.onmicrosoft.com) the labels left of the platform.
func (t *Table) Lookalikes(domain string) []Look {
	d := normDomain(domain)
	if d == "" || reserved(d) || t.owner(d) >= 0 || t.IsESP(d) {
		return nil
	}
	labels, ok := t.chosenLabels(d)
	if !ok || len(labels) == 0 {
		return nil
	}
	best := make(map[int]Look)
	order := []int{}
	add := func(b int, kind, ev string) {
		old, seen := best[b]
		if !seen {
			order = append(order, b)
		}
		if !seen || rank(kind) < rank(old.Kind) {
			best[b] = Look{Brand: &t.brands[b], Kind: kind, Evidence: ev}
		}
	}
	ix := &t.look
	reg := labels[len(labels)-1]
	lure := t.lureWord(labels)
	if !reg.idn && len(labels) == 1 {
		for _, o := range ix.officials {
			if o.label == reg.text && t.brands[o.brand].AnyTLD {
				return nil // google.de: the brand's own name under another TLD
			}
		}
	}

	// Registrable label: confusable skeleton or typing edits of an official label.
	if len(reg.text) >= 4 {
		for _, oi := range ix.bySkel[skeleton(reg.text)] {
			o := ix.officials[oi]
			switch {
			case reg.idn:
				add(o.brand, KindIDN, fmt.Sprintf("%q reads as %q", reg.text, o.domain))
			case reg.text != o.label:
				add(o.brand, KindConfusable, fmt.Sprintf("%q looks like %q", reg.text, o.domain))
			}
		}
		visual := len(order) > 0 // an exact visual match makes typing edits noise
		for _, o := range ix.officials {
			if visual || o.common || len(o.label) < 5 || reg.text == o.label {
				continue
			}
			k := 1
			if len(o.label) >= 8 && !strings.Contains(o.label, "-") {
				k = 2
			}
			if abs(len(reg.text)-len(o.label)) > k || len(reg.text) < 5 {
				continue
			}
			if dist := damerau(reg.text, o.label, k); dist <= k {
				kind := KindEdit
				if reg.idn {
					kind = KindIDN
				}
				add(o.brand, kind, fmt.Sprintf("%q is %d edit(s) from %q", reg.text, dist, o.domain))
			}
		}
	}

	// Every chosen label: brand names inside it.
	for _, l := range labels {
		for _, tk := range ix.tokens {
			if !containsToken(l.text, tk.text) {
				continue
			}
			if tk.common && lure == "" {
				continue
			}
			kind := KindEmbedded
			if l.idn {
				kind = KindIDN
			}
			ev := fmt.Sprintf("%q contains %q", l.text, tk.text)
			if tk.common {
				ev += fmt.Sprintf(" and the domain says %q", lure)
			}
			add(tk.brand, kind, ev)
		}
		if l.idn && !isASCII(l.text) {
			// Japanese (or other non-Latin) brand names in an IDN label.
			for _, h := range t.Find(l.text) {
				add(t.byID[h.Brand.ID], KindIDN, fmt.Sprintf("%q contains %q", l.text, h.Match))
			}
		}
	}
	out := make([]Look, 0, len(order))
	for _, b := range order {
		out = append(out, best[b])
		if len(out) == maxLooks {
			break
		}
	}
	return out
}

func rank(kind string) int {
	switch kind {
	case KindIDN:
		return 0
	case KindConfusable:
		return 1
	case KindEdit:
		return 2
	}
	return 3
}

// chosenLabels splits d into the labels its registrant chose: everything
// left of the public suffix, or of the hosting platform's suffix. IDN
// labels are decoded and folded.
func (t *Table) chosenLabels(d string) ([]label, bool) {
	var rest string
	if h := t.hostedSuffix(d); h != "" {
		if len(d) <= len(h) {
			return nil, true
		}
		rest = d[:len(d)-len(h)-1]
	} else {
		suffix, _ := publicsuffix.PublicSuffix(d)
		if len(d) <= len(suffix) {
			return nil, true
		}
		rest = d[:len(d)-len(suffix)-1]
	}
	parts := strings.Split(rest, ".")
	if len(parts) > 32 {
		parts = parts[len(parts)-32:]
	}
	out := make([]label, 0, len(parts))
	for _, p := range parts {
		if p == "" {
			return nil, false
		}
		l := label{text: p}
		if strings.HasPrefix(p, "xn--") {
			if u, err := idna.Punycode.ToUnicode(p); err == nil && u != p {
				l = label{text: phrase.Fold(u), idn: true}
			}
		} else if !isASCII(p) {
			l = label{text: phrase.Fold(p), idn: true}
		}
		out = append(out, l)
	}
	return out, true
}

// containsToken reports whether a label contains a brand token. Tokens of
// three letters (dhl, ups, jcb) count only as a whole hyphen-separated part.
// containsToken reports whether tok stands in l as a word of its own: at
// the start or the end of the label or next to a hyphen ("paypal-secure",
// "loginsecurepaypal"), not buried inside another word ("suretymailings"
// does not contain ymail).
func containsToken(l, tok string) bool {
	if len(tok) > 3 {
		for i := 0; ; {
			j := strings.Index(l[i:], tok)
			if j < 0 {
				return false
			}
			start, end := i+j, i+j+len(tok)
			if start == 0 || l[start-1] == '-' || end == len(l) || l[end] == '-' {
				return true
			}
			i = start + 1
		}
	}
	for part := range strings.SplitSeq(l, "-") {
		if part == tok {
			return true
		}
	}
	return false
}

func (t *Table) lureWord(labels []label) string {
	for _, l := range labels {
		for _, w := range t.look.lures {
			if strings.Contains(l.text, w) {
				return w
			}
		}
	}
	return ""
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// damerau returns the optimal-string-alignment distance between a and b,
// or max+1 as soon as it is certain to exceed max.
func damerau(a, b string, max int) int {
	if abs(len(a)-len(b)) > max {
		return max + 1
	}
	if len(a) > 64 || len(b) > 64 {
		return max + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// reserved reports names reserved for documentation and testing (RFC 2606,
// RFC 6761): example.com, *.test, *.invalid and the like.
func reserved(d string) bool {
	for _, s := range []string{"example", "test", "invalid", "localhost", "local", "example.com", "example.net", "example.org"} {
		if d == s || strings.HasSuffix(d, "."+s) {
			return true
		}
	}
	return false
}
