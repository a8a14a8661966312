package received

import (
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func TestCorpusSenderIPAgreement(t *testing.T) {
	labels := corpustest.Labels(t)
	var total, agree, agreeParsed, noIP int
	patterns := map[string]int{}
	for _, l := range labels {
		if !strings.HasPrefix(l.Rel, "phishing_pot/") {
			continue
		}
		raw, err := os.ReadFile(l.Path)
		if err != nil {
			t.Fatal(err)
		}
		want := corpustest.ExchangeSenderIP(raw)
		if want == "" {
			continue
		}
		total++
		c := Walk(parseHeaderBlock(raw), DefaultTrust())
		got := ""
		if c.OriginIP.IsValid() {
			got = c.OriginIP.String()
		}
		if got == want {
			agree++
		}
		if w, err := netip.ParseAddr(want); err == nil && w.Unmap() == c.OriginIP {
			agreeParsed++
			continue
		}
		if got == "" {
			noIP++
		}
		key := "origin " + got + " src=" + c.Source
		if c.Origin >= 0 {
			key = "by=" + c.Hops[c.Origin].By
		}
		patterns[key]++
		if testing.Verbose() {
			t.Logf("disagree %s: oracle %s, walk %q (origin %d, source %s, fallback %v) checks %q", l.Rel, want, got, c.Origin, c.Source, c.Fallback, c.Checks)
		}
	}
	if total == 0 {
		t.Skip("no phishing_pot files with an oracle IP")
	}
	rate := float64(agreeParsed) / float64(total)
	t.Logf("sender IP agreement: %d/%d = %.4f (exact string %d), no IP %d", agreeParsed, total, rate, agree, noIP)
	const floor = 0.994 // measured 0.9947 (2048/2059); see the report
	if rate < floor {
		t.Errorf("agreement %.4f below floor %.4f", rate, floor)
	}
}

// TestCorpusWalkAll walks every labelled message (headers only) and logs,
// per set, how often an origin was found and how it was found.
func TestCorpusWalkAll(t *testing.T) {
	if testing.Short() {
		t.Skip("walks all ~10k corpus messages; skipped with -short")
	}
	labels := corpustest.Labels(t)
	type stat struct{ n, origin, fallback, stampOnly int }
	stats := map[string]*stat{}
	for _, l := range labels {
		raw, err := os.ReadFile(l.Path)
		if err != nil {
			t.Fatal(err)
		}
		set, _, _ := strings.Cut(l.Rel, "/")
		s := stats[set]
		if s == nil {
			s = &stat{}
			stats[set] = s
		}
		c := Walk(parseHeaderBlock(raw), DefaultTrust())
		s.n++
		if c.OriginIP.IsValid() {
			s.origin++
		}
		if c.Fallback {
			s.fallback++
		}
		if c.Source != "" && c.Source != SourceReceived {
			s.stampOnly++
		}
		if len(c.Hops) != len(c.Trusted) || len(c.Hops) != len(c.Delays) {
			t.Fatalf("%s: inconsistent chain lengths", l.Rel)
		}
	}
	for set, s := range stats {
		t.Logf("%-36s n=%5d origin=%5.1f%% fallback=%5.1f%% stamp-only=%d", set, s.n,
			100*float64(s.origin)/float64(s.n), 100*float64(s.fallback)/float64(s.n), s.stampOnly)
	}
}

// fromClauseIPv4 finds a dotted quad in the from clause of a Received value
// (the text before " by ").
var fromClauseIPv4 = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)

// TestCorpusFromAddress parses every Received header of the labelled corpus,
// the Japanese phishing set and SpamAssassin's test messages, and counts the
// hops whose from clause holds an IPv4 address but which give no FromIP (qmail
// "(user@IP)", Exim 3 "rdns [IP]", fetchmail, …). The address read must be
// one written in the clause.
func TestCorpusFromAddress(t *testing.T) {
	dir := corpustest.Dir(t)
	var files []string
	for _, l := range corpustest.Labels(t) {
		files = append(files, l.Path)
	}
	for _, glob := range []string{"jp_phishing_lists/*/*.eml", "spamassassin_testdata/nice/*", "spamassassin_testdata/spam/*", "spamassassin_testdata/dkim/*.msg"} {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		files = append(files, m...)
	}
	var hops, withText, missing, foreign int
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			continue // a directory matched by the glob
		}
		for _, v := range parseHeaderBlock(raw).Values("Received") {
			h := Parse(v)
			hops++
			from := v
			if i := strings.Index(strings.ToLower(v), " by "); i > 0 {
				from = v[:i]
			}
			if !h.HasFrom() || !fromClauseIPv4.MatchString(from) {
				continue
			}
			withText++
			switch {
			case !h.FromIP.IsValid():
				missing++
				if testing.Verbose() {
					t.Logf("no address: %q", v)
				}
			case h.FromIP.Is4() && !strings.Contains(from, h.FromIP.String()):
				foreign++
				t.Errorf("address %s is not in the from clause %q", h.FromIP, from)
			}
		}
	}
	t.Logf("%d files, %d hops, %d with an IPv4 address in the from clause, %d of them give no FromIP", len(files), hops, withText, missing)
	const ceiling = 10 // measured 5 (Oracle's "(Oracle Communications Messaging Server 8.0…)" comments and a name holding digits)
	if missing > ceiling {
		t.Errorf("%d hops give no FromIP, over the ceiling %d", missing, ceiling)
	}
}
