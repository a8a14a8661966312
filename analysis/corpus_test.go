package analysis

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// corpusFloors are the figures a change may not fall past, set just under
// what was measured (see the closing notes of issues 2 and 7). Each set is
// scored as the mail arrived and with the provider's own verdict headers
// removed (the engine's own evidence: what counts for a mail that reached
// the inbox).
type corpusFloors struct {
	phishFlagged, phishCalled float64 // at least
	legitCalled, legitFlagged float64 // at most
	senderIPAgreed            float64 // at least (main set, as arrived)
}

// Measured offline at the close of issue 8's fifth round: labelled
// 0.9742 / 0.8952 phishing flagged / called, legit 0.0033 / 0.0198 called /
// flagged; stripped 0.9531 / 0.8331, legit 0.0032 / 0.0196;
// jp_phishing_lists 0.9897 / 0.9124 both ways; brandmail_content 0 / 0.1167.
var corpusSets = []struct {
	name   string
	sub    string // "" for labels.tsv
	strip  bool
	floors corpusFloors
}{
	{"labelled", "", false, corpusFloors{phishFlagged: 0.972, phishCalled: 0.893, legitCalled: 0.004, legitFlagged: 0.021, senderIPAgreed: 0.994}},
	{"labelled, provider stripped", "", true, corpusFloors{phishFlagged: 0.950, phishCalled: 0.830, legitCalled: 0.004, legitFlagged: 0.021}},
	{"jp_phishing_lists", "jp_phishing_lists", false, corpusFloors{phishFlagged: 0.985, phishCalled: 0.910}},
	{"jp_phishing_lists, provider stripped", "jp_phishing_lists", true, corpusFloors{phishFlagged: 0.985, phishCalled: 0.910}},
	{"brandmail_content", "brandmail_content", false, corpusFloors{legitCalled: 0, legitFlagged: 0.12}},
	{"brandmail_content, provider stripped", "brandmail_content", true, corpusFloors{legitCalled: 0, legitFlagged: 0.12}},
}

type tally struct{ n, phishing, suspicious, legit, errors int }

func (t *tally) add(level string) {
	t.n++
	switch level {
	case report.Phishing:
		t.phishing++
	case report.Suspicious:
		t.suspicious++
	case report.Legitimate:
		t.legit++
	default:
		t.errors++
	}
}

func rate(a, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(a) / float64(n)
}

func TestCorpusVerdicts(t *testing.T) {
	corpustest.Dir(t)
	a := New(Deps{})
	for _, cs := range corpusSets {
		t.Run(cs.name, func(t *testing.T) {
			scoreCorpus(t, a, corpustest.LabelsIn(t, cs.sub), cs.strip, cs.floors)
		})
	}
}

func scoreCorpus(t *testing.T, a *Analyzer, rows []corpustest.Labelled, strip bool, fl corpusFloors) {
	bySet := map[string]*tally{}
	var phish, legit tally
	ipAgree, ipTotal := 0, 0
	var ipMiss []string
	verbose := os.Getenv("CHECKMAIL_CORPUS_VERBOSE") != ""
	var misses []string
	for _, row := range rows {
		if row.Label == "spam" {
			continue // counts in neither figure
		}
		raw, err := os.ReadFile(row.Path)
		if err != nil {
			t.Fatalf("%s: %v", row.Rel, err)
		}
		if strip {
			raw = corpustest.StripProvider(raw)
		}
		set := row.Label + " " + strings.SplitN(row.Rel, "/", 2)[0]
		if bySet[set] == nil {
			bySet[set] = &tally{}
		}
		rep, err := a.AnalyzeBytes(context.Background(), raw, Options{File: row.Rel, Offline: true})
		level := ""
		if err == nil {
			level = rep.Verdict.Level
		} else if verbose {
			t.Logf("%s: %v", row.Rel, err)
		}
		bySet[set].add(level)
		if row.Label == "phishing" {
			phish.add(level)
			if verbose && level != report.Phishing && rep != nil {
				misses = append(misses, fmt.Sprintf("FS %s %s score=%d %v", row.Rel, level, rep.Verdict.Score, codes(rep)))
			}
		} else {
			legit.add(level)
			if verbose && level != report.Legitimate && rep != nil {
				misses = append(misses, fmt.Sprintf("FP %s %s score=%d %v", row.Rel, level, rep.Verdict.Score, codes(rep)))
			}
		}
		if strings.HasPrefix(row.Rel, "phishing_pot/") && !strip {
			if want := corpustest.ExchangeSenderIP(raw); want != "" {
				ipTotal++
				got := ""
				if rep != nil && rep.Origin != nil {
					got = rep.Origin.IP
				}
				if got == want {
					ipAgree++
				} else {
					ipMiss = append(ipMiss, fmt.Sprintf("%s: got %q want %q", row.Rel, got, want))
				}
			}
		}
	}
	sets := make([]string, 0, len(bySet))
	for s := range bySet {
		sets = append(sets, s)
	}
	sort.Strings(sets)
	for _, s := range sets {
		c := bySet[s]
		t.Logf("%-45s n=%5d phishing=%.3f suspicious=%.3f legitimate=%.3f errors=%d", s, c.n,
			rate(c.phishing, c.n), rate(c.suspicious, c.n), rate(c.legit, c.n), c.errors)
	}
	phishFlagged := rate(phish.phishing+phish.suspicious, phish.n)
	phishCalled := rate(phish.phishing, phish.n)
	legitCalled := rate(legit.phishing, legit.n)
	legitFlagged := rate(legit.phishing+legit.suspicious, legit.n)
	ipRate := rate(ipAgree, ipTotal)
	t.Logf("phishing n=%d: flagged %.4f, called phishing %.4f", phish.n, phishFlagged, phishCalled)
	t.Logf("legitimate n=%d: called phishing %.4f, flagged %.4f", legit.n, legitCalled, legitFlagged)
	if ipTotal > 0 {
		t.Logf("sender IP agreement with Exchange's stamp: %d/%d = %.4f", ipAgree, ipTotal, ipRate)
	}
	if verbose {
		for _, m := range ipMiss {
			t.Logf("ip: %s", m)
		}
		writeMisses(t, misses)
	}
	if phish.n > 0 && (phishFlagged < fl.phishFlagged || phishCalled < fl.phishCalled) {
		t.Errorf("phishing: flagged %.4f called %.4f, floors %.3f / %.3f", phishFlagged, phishCalled, fl.phishFlagged, fl.phishCalled)
	}
	if legit.n > 0 && (legitCalled > fl.legitCalled || legitFlagged > fl.legitFlagged) {
		t.Errorf("legitimate: called %.4f flagged %.4f, ceilings %.3f / %.3f", legitCalled, legitFlagged, fl.legitCalled, fl.legitFlagged)
	}
	if ipTotal > 0 && ipRate < fl.senderIPAgreed {
		t.Errorf("sender IP agreement %.4f under %.3f", ipRate, fl.senderIPAgreed)
	}
}

func writeMisses(t *testing.T, misses []string) {
	f, err := os.Create(os.TempDir() + "/checkmail-corpus-misses.txt")
	if err != nil {
		return
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, m := range misses {
		fmt.Fprintln(w, m)
	}
	w.Flush()
	t.Logf("misses written to %s", f.Name())
}

// BenchmarkAnalyzeCorpus measures a full offline analysis per message on one
// goroutine over a spread of the labelled corpus.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	msgs := corpustest.Seeds(1000)
	if len(msgs) == 0 {
		b.Skip("shared corpus not found")
	}
	a := New(Deps{})
	var bytesTotal int
	for _, m := range msgs {
		bytesTotal += len(m)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		m := msgs[i%len(msgs)]
		n++
		if _, err := a.AnalyzeBytes(context.Background(), m, Options{Offline: true}); err != nil && !bytes.Contains(m, []byte("\n")) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(bytesTotal)/float64(len(msgs)), "avg-bytes")
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range corpustest.Seeds(100) {
		f.Add(s)
	}
	for _, name := range []string{"smartalk.eml", "smartalk-phish.eml"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte("Received: from x ([1.2.3.4]) by y; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: a <b@c.d>\n\nhi"))
	// Letters whose lower case has another length (Ⱥ longer, İ and the
	// Kelvin sign shorter) and invalid UTF-8 before what the parsers look for.
	f.Add([]byte("From: Ⱥİ\u212a <maİlto:john.doe99@c.d>\nTo: john.doe99@c.d\nSubject: Ⱥ john.doe99 İ\u212a\xff\n" +
		"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nȺ Password: Ab12cd İ\nThe password is Xy12 ȺȺȺȺ\n" +
		"--b\nContent-Type: text/html\n\n<title>\x82\xa0\x82\xa0</title><META CHARSET=shift_jis>ȺȺȺȺ<IMG ALT=\"PayPal\"><Style>\x82\xa0</STYLE>\n--b--\n"))
	f.Add([]byte("From: service@x.example\nContent-Type: text/html; charset=utf-8\n\n" + strings.Repeat("Ⱥ", 40) + "<img alt=\"PayPal\">\n"))
	a := New(Deps{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		rep, err := a.AnalyzeBytes(context.Background(), raw, Options{Offline: true})
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		switch rep.Verdict.Level {
		case report.Legitimate, report.Suspicious, report.Phishing:
		default:
			t.Fatalf("bad level %q", rep.Verdict.Level)
		}
	})
}
