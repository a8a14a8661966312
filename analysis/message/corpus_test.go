package message

import (
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// TestCorpus parses every labelled mail of the shared corpus. Real mail must
// never be rejected; the test logs kinds, unwraps, notes and failures.
func TestCorpus(t *testing.T) {
	labelled := corpustest.Labels(t)
	if len(labelled) == 0 {
		t.Skip("labels.tsv is empty")
	}
	var (
		failures  = map[string][]string{}
		kinds     = map[string]int{}
		unwrapped = map[string]int{}
		notes     = map[string]int{}
		noBody    = map[string]int{}
		total     time.Duration
		bytesIn   int
	)
	for _, l := range labelled {
		raw, err := os.ReadFile(l.Path)
		if err != nil {
			t.Fatalf("%s: %v", l.Rel, err)
		}
		start := time.Now()
		m, err := Parse(raw, DefaultLimits())
		total += time.Since(start)
		bytesIn += len(raw)
		if err != nil {
			failures[err.Error()] = append(failures[err.Error()], l.Rel)
			continue
		}
		kinds[m.Kind]++
		if m.Unwrapped {
			unwrapped[l.Label]++
		}
		if m.Kind == KindHeaders {
			noBody[l.Label]++
		}
		if len(m.Header) == 0 {
			t.Errorf("%s: no header fields", l.Rel)
		}
		for _, n := range m.Notes {
			if i := strings.IndexAny(n, "\"0123456789"); i > 0 {
				n = n[:i]
			}
			notes[n]++
		}
	}
	t.Logf("parsed %d mails (%.1f MB) in %v: %.0f msgs/s, mean %v", len(labelled), float64(bytesIn)/1e6, total,
		float64(len(labelled))/total.Seconds(), total/time.Duration(len(labelled)))
	t.Logf("kinds: %v; unwrapped by label: %v; headers-only by label: %v", kinds, unwrapped, noBody)
	keys := make([]string, 0, len(notes))
	for k := range notes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return notes[keys[i]] > notes[keys[j]] })
	for _, k := range keys {
		t.Logf("note %5d × %s", notes[k], k)
	}
	for msg, files := range failures {
		t.Errorf("%d mails failed with %q, e.g. %v", len(files), msg, files[:min(5, len(files))])
	}
	if unwrapped["legit_bounce"] > 0 {
		t.Errorf("%d bounces were unwrapped as forwards", unwrapped["legit_bounce"])
	}
}

// BenchmarkParseCorpus parses the labelled corpus and reports msgs/s.
func BenchmarkParseCorpus(b *testing.B) {
	labelled := corpustest.Labels(b)
	mails := make([][]byte, 0, len(labelled))
	size := 0
	for _, l := range labelled {
		raw, err := os.ReadFile(l.Path)
		if err != nil {
			b.Fatal(err)
		}
		mails = append(mails, raw)
		size += len(raw)
	}
	b.ReportAllocs()
	b.SetBytes(int64(size / len(mails)))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(mails[i%len(mails)], Limits{}); err != nil && !errors.Is(err, ErrNoHeaders) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}
