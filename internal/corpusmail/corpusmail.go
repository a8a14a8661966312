// Package corpusmail reads the labelled mail of the shared corpus for the
// corpus tests of the evidence packages: each mail parsed with the
// project's own parser (analysis/message), reduced to the fields those
// packages look at. It is test support: it skips when the corpus is absent
// and never touches the network.
package corpusmail

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/identity"
	"github.com/checkmail/checkmail/analysis/links"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// MaxBody bounds the visible text kept per mail.
const MaxBody = 64 << 10

// Mail is one labelled corpus mail, reduced.
type Mail struct {
	Rel         string // path relative to the corpus
	Set         string // first path component ("phishing_pot"), or "jp_phishing_lists"
	Label       string // phishing, legit, legit_bounce, legit_report, spam
	Subject     string // decoded
	DisplayName string // decoded From display name
	From        string // From address, lower-case
	FromLocal   string // From's local part as written, case kept
	ReplyTo     string // Reply-To address, lower-case
	ReturnPath  string
	Recipients  []string // To and Cc addresses
	Body        string   // visible text: text parts, then HTML parts with tags removed
	LinkURLs    []string
}

// Phishing reports a phishing label.
func (m *Mail) Phishing() bool { return m.Label == "phishing" }

// Legit reports a legitimate label (legit, legit_bounce, legit_report).
func (m *Mail) Legit() bool { return strings.HasPrefix(m.Label, "legit") }

// Walk calls fn for every labelled mail of ../shared/corpus/labels.tsv and
// of jp_phishing_lists/labels.tsv, skipping the test when the corpus is
// absent. Mails the parser rejects are skipped.
func Walk(tb testing.TB, fn func(*Mail)) {
	tb.Helper()
	dir := corpustest.Dir(tb)
	type row struct{ rel, label, set string }
	var rows []row
	for _, l := range corpustest.Labels(tb) {
		rows = append(rows, row{l.Rel, l.Label, strings.SplitN(l.Rel, "/", 2)[0]})
	}
	if f, err := os.Open(filepath.Join(dir, "jp_phishing_lists", "labels.tsv")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			rel, label, ok := strings.Cut(sc.Text(), "\t")
			if ok && rel != "path" {
				rows = append(rows, row{"jp_phishing_lists/" + rel, label, "jp_phishing_lists"})
			}
		}
		f.Close()
	}
	for _, r := range rows {
		raw, err := os.ReadFile(filepath.Join(dir, r.rel))
		if err != nil {
			tb.Fatalf("%s: %v", r.rel, err)
		}
		m, ok := Read(raw)
		if !ok {
			continue
		}
		m.Rel, m.Set, m.Label = r.rel, r.set, r.label
		fn(m)
	}
}

// Read parses one mail.
func Read(raw []byte) (*Mail, bool) {
	msg, err := message.Parse(raw, message.DefaultLimits())
	if err != nil || msg == nil {
		return nil, false
	}
	id := identity.Extract(msg.Header, message.DecodeHeader)
	m := &Mail{
		Subject:     message.DecodeHeader(msg.Header.Get("Subject")),
		DisplayName: id.DisplayName,
		From:        id.From,
		FromLocal:   id.FromLocal,
		ReplyTo:     id.ReplyTo,
		ReturnPath:  id.ReturnPath,
	}
	for _, k := range []string{"To", "Cc"} {
		for _, v := range msg.Header.Values(k) {
			for _, a := range identity.Addresses(v) {
				m.Recipients = append(m.Recipients, strings.ToLower(a.Addr))
			}
		}
	}
	m.Body = strings.ToValidUTF8(message.VisibleText(msg, MaxBody), "\uFFFD")
	for _, l := range links.Extract(msg.Text, msg.HTML, links.Options{}).Links {
		m.LinkURLs = append(m.LinkURLs, links.Refang(l.URL))
	}
	return m, true
}

// Tally counts, per set and per feature, the mails a feature fired on.
type Tally struct {
	n    map[string]int            // set → mails
	hits map[string]map[string]int // feature → set → mails
	ex   map[string][]string       // feature+set → examples
}

// NewTally returns an empty Tally.
func NewTally() *Tally {
	return &Tally{n: map[string]int{}, hits: map[string]map[string]int{}, ex: map[string][]string{}}
}

// Group is the row a mail is counted in: its set, with every legitimate
// set also counted in "legit (all)" and every phishing set in
// "phishing (all)".
func Group(m *Mail) []string {
	switch {
	case m.Legit():
		return []string{m.Set, "legit (all)"}
	case m.Phishing():
		return []string{m.Set, "phishing (all)"}
	}
	return []string{m.Set}
}

// Mail counts one mail; fired lists the features that fired on it, with
// an example each.
func (t *Tally) Mail(m *Mail, fired map[string]string) {
	for _, g := range Group(m) {
		t.n[g]++
		for f, ex := range fired {
			if t.hits[f] == nil {
				t.hits[f] = map[string]int{}
			}
			t.hits[f][g]++
			if k := f + "\x00" + g; len(t.ex[k]) < 8 && g == m.Set {
				t.ex[k] = append(t.ex[k], m.Rel+": "+ex)
			}
		}
	}
}

// Rate is the share of a group's mails a feature fired on.
func (t *Tally) Rate(feature, group string) float64 {
	if t.n[group] == 0 {
		return 0
	}
	return float64(t.hits[feature][group]) / float64(t.n[group])
}

// Report logs a table of rates, and with verbose the examples of every
// feature that fired on legitimate mail.
func (t *Tally) Report(tb testing.TB, features []string, verbose bool) {
	tb.Helper()
	groups := make([]string, 0, len(t.n))
	for g := range t.n {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for _, f := range features {
		var b strings.Builder
		fmt.Fprintf(&b, "%-28s", f)
		for _, g := range groups {
			if c := t.hits[f][g]; c > 0 || strings.HasSuffix(g, "(all)") {
				fmt.Fprintf(&b, " %s=%d/%d(%.4f)", g, c, t.n[g], t.Rate(f, g))
			}
		}
		tb.Log(b.String())
	}
	if !verbose {
		return
	}
	for _, f := range features {
		for _, g := range groups {
			for _, e := range t.ex[f+"\x00"+g] {
				tb.Logf("  %s [%s] %s", f, g, e)
			}
		}
	}
}

// Bounds fails the test when a feature's rate on legitimate mail (all
// legitimate sets) is above ceil or its rate on phishing (all phishing
// sets) is below floor.
func (t *Tally) Bounds(tb testing.TB, feature string, ceil, floor float64) {
	tb.Helper()
	if r := t.Rate(feature, "legit (all)"); r > ceil {
		tb.Errorf("%s fires on %.4f of legitimate mail, ceiling %.4f", feature, r, ceil)
	}
	if r := t.Rate(feature, "phishing (all)"); r < floor {
		tb.Errorf("%s fires on %.4f of phishing, floor %.4f", feature, r, floor)
	}
}
