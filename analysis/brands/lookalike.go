package brands

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/internal/ascii"
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
	letters             uint64 // letterSet(label)
	budget              int    // editBudget(label)
}

type lookalikeIndex struct {
	tokens    []token
	byPrefix  map[string][]int // first three bytes of a token → tokens
	officials []official
	bySkel    map[string][]int // skeleton → officials
	byLabel   map[string][]int // label → officials
	byLen     map[int][]int    // label length → officials checked for typing edits
	lures     []string
}

// buildLookalikeIndex indexes the official labels and brand names. Common
// labels are ordinary words or are shared by many unrelated domains: no
// edit-distance check, and embedded only together with a lure word.
func buildLookalikeIndex(t *Table, lures, commonLabels []string) lookalikeIndex {
	common := set(commonLabels)
	ix := lookalikeIndex{
		bySkel: make(map[string][]int), byLabel: make(map[string][]int), byLen: make(map[int][]int),
		byPrefix: make(map[string][]int), lures: lures,
	}
	seenTok := make(map[string]bool)
	addToken := func(s string, b int) {
		if len(s) < 3 || seenTok[s] || !ascii.Is(s) {
			return
		}
		seenTok[s] = true
		ix.byPrefix[s[:3]] = append(ix.byPrefix[s[:3]], len(ix.tokens))
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
				o := official{label: label, domain: d, skel: skeleton(label), brand: i, common: common[label], letters: letterSet(label), budget: editBudget(label)}
				n := len(ix.officials)
				ix.bySkel[o.skel] = append(ix.bySkel[o.skel], n)
				ix.byLabel[label] = append(ix.byLabel[label], n)
				if !o.common && len(label) >= 5 {
					ix.byLen[len(label)] = append(ix.byLen[len(label)], n)
				}
				ix.officials = append(ix.officials, o)
			}
		}
		for _, n := range b.Names {
			if f := strings.ReplaceAll(phrase.Fold(n), " ", ""); ascii.Is(f) && !strings.ContainsAny(f, ".&'/!") {
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
	lures := t.lureWords(labels)
	if !reg.idn && len(labels) == 1 {
		for _, oi := range ix.byLabel[reg.text] {
			if t.brands[ix.officials[oi].brand].AnyTLD {
				return nil // google.de: the brand's own name under another TLD
			}
		}
	}

	// Registrable label: confusable skeleton or typing edits of an official label.
	if len(reg.text) >= 4 {
		ix.near(reg.text, reg.idn, true, add)
	}
	// The other labels, and the hyphen-separated parts of every label, the
	// same way but only for distinctive names of five letters or more
	// ("amaozn.cbzbw.com", "www.smbcc-card.top", "rnercari-jp.xyz").
	for i, l := range labels {
		if l.idn {
			continue
		}
		if i < len(labels)-1 && len(l.text) >= 5 {
			ix.near(l.text, false, false, add)
		}
		if strings.IndexByte(l.text, '-') > 0 {
			for part := range strings.SplitSeq(l.text, "-") {
				if len(part) >= 5 && part != l.text {
					ix.near(part, false, false, add)
				}
			}
		}
	}

	// Every chosen label: brand names inside it.
	for _, l := range labels {
		for _, ti := range ix.candidates(l.text) {
			tk := ix.tokens[ti]
			if !containsToken(l.text, tk.text) {
				continue
			}
			if tk.common && lureBeside(lures, tk.text) == "" {
				continue
			}
			kind := KindEmbedded
			if l.idn {
				kind = KindIDN
			}
			ev := fmt.Sprintf("%q contains %q", l.text, tk.text)
			if tk.common {
				ev += fmt.Sprintf(" and the domain says %q", lureBeside(lures, tk.text))
			}
			add(tk.brand, kind, ev)
		}
		if l.idn && !ascii.Is(l.text) {
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

// near reports (through add) the official labels that text looks like
// (same skeleton) or is one or two typing edits from. With all, common
// labels and four-letter ones count for the look-alike skeleton too; else
// only distinctive labels of five letters or more do.
func (ix *lookalikeIndex) near(text string, idn, all bool, add func(b int, kind, ev string)) {
	found := false
	for _, oi := range ix.bySkel[skeleton(text)] {
		o := ix.officials[oi]
		if !all && (o.common || len(o.label) < 5) {
			continue
		}
		switch {
		case idn:
			add(o.brand, KindIDN, fmt.Sprintf("%q reads as %q", text, o.domain))
			found = true
		case text != o.label:
			add(o.brand, KindConfusable, fmt.Sprintf("%q looks like %q", text, o.domain))
			found = true
		}
	}
	if found || len(text) < 5 || ix.isName(text) {
		return // an exact visual match or a brand's own name makes typing edits noise
	}
	// Every edit changes which letters occur by at most two (a
	// transposition by none): a cheap filter before the distance.
	letters := letterSet(text)
	for n := len(text) - 2; n <= len(text)+2; n++ {
		for _, oi := range ix.byLen[n] {
			o := &ix.officials[oi]
			k := o.budget
			if abs(len(text)-len(o.label)) > k || bits.OnesCount64(letters^o.letters) > 2*k || text == o.label {
				continue
			}
			if dist := damerau(text, o.label, k); dist <= k {
				kind := KindEdit
				if idn {
					kind = KindIDN
				}
				add(o.brand, kind, fmt.Sprintf("%q is %d edit(s) from %q", text, dist, o.domain))
			}
		}
	}
}

// editBudget is how many typing edits away from an official label a
// look-alike may be.
// Long labels get two, unless they are a short name plus a generic word
// ("sbigroup", "mizuhobank"): "aibgroup" is not SBI.
func editBudget(label string) int {
	if len(label) < 8 || strings.Contains(label, "-") {
		return 1
	}
	for _, w := range genericAffixes {
		if len(label)-len(w) < 8 && (strings.HasPrefix(label, w) || strings.HasSuffix(label, w)) {
			return 1
		}
	}
	return 2
}

// genericAffixes are words brands put before or after their name in a
// domain label.
var genericAffixes = []string{
	"group", "bank", "card", "holdings", "hd", "net", "online", "japan", "jp", "securities", "sec",
	"finance", "pay", "mail", "direct", "express", "mobile", "gas", "post", "my", "the",
}

// letterSet is the set of bytes that occur in s, folded to 64 bits.
func letterSet(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] % 64)
	}
	return m
}

// isName reports whether text is exactly an official label or brand token
// ("paypal" is not a typo of "paypay").
func (ix *lookalikeIndex) isName(text string) bool {
	if len(ix.byLabel[text]) > 0 {
		return true
	}
	if len(text) < 3 {
		return false
	}
	for _, ti := range ix.byPrefix[text[:3]] {
		if ix.tokens[ti].text == text {
			return true
		}
	}
	return false
}

// candidates returns the tokens that start somewhere in l, each once, in
// index order.
func (ix *lookalikeIndex) candidates(l string) []int {
	var out []int
	for i := 0; i+3 <= len(l); i++ {
		for _, ti := range ix.byPrefix[l[i:i+3]] {
			if i+len(ix.tokens[ti].text) <= len(l) && !slices.Contains(out, ti) {
				out = append(out, ti)
			}
		}
	}
	slices.Sort(out)
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
		} else if !ascii.Is(p) {
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

// lureWords returns the lure words found in the labels.
func (t *Table) lureWords(labels []label) []string {
	var out []string
	for _, w := range t.look.lures {
		for _, l := range labels {
			if strings.Contains(l.text, w) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// lureBeside returns a lure word that is not itself the brand token ("line"
// inside "online" is no lure for LINE), or "".
func lureBeside(lures []string, tok string) string {
	for _, w := range lures {
		if !strings.Contains(w, tok) {
			return w
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
