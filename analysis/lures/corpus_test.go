package lures

import (
	"bytes"
	"errors"
	"html"
	"io"
	"mime"
	"os"
	"regexp"
	"sort"
	"testing"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"

	"github.com/checkmail/checkmail/internal/corpustest"
)

var errStop = errors.New("stop")

var tagRE = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>|<[^>]*>`)

// roughText reads a corpus mail's decoded subject and first text part with
// go-message (HTML tags stripped crudely). It stands in for the project's
// message package so that the figures are a rough proxy of what the
// analyzer will see.
func roughText(path string) (subject, body string, ok bool) {
	raw, err := os.ReadFile(path)
	if err != nil || len(raw) > 4<<20 {
		return "", "", false
	}
	if bytes.HasPrefix(raw, []byte("From ")) { // mbox separator line
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil || err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return "", "", false
	}
	dec := &mime.WordDecoder{CharsetReader: charset.Reader}
	subject, derr := dec.DecodeHeader(e.Header.Get("Subject"))
	if derr != nil {
		subject = e.Header.Get("Subject")
	}
	_ = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil || part == nil {
			return nil
		}
		ct, _, _ := part.Header.ContentType()
		if ct != "text/plain" && ct != "text/html" && ct != "" {
			return nil
		}
		b, _ := io.ReadAll(io.LimitReader(part.Body, MaxBody*2))
		body = string(b)
		if ct == "text/html" {
			body = html.UnescapeString(tagRE.ReplaceAllString(body, " "))
		}
		return errStop
	})
	return subject, body, true
}

// TestCorpusFind prints, for phishing and legitimate mail, the share with at
// least one lure hit of each kind (any hit and strong hits only). Rough
// figures: the text comes from roughText, not from the analyzer.
func TestCorpusFind(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus statistics: skipped with -short and -race")
	}
	labels := corpustest.Labels(t)
	set := Default()
	kinds := []string{Credential, Account, Payment, Urgency, Delivery, Invoice, Prize, Crypto, Tax}
	type stat struct {
		read, anyHit, anyStrong int
		kind, strong            map[string]int
	}
	stats := map[string]*stat{}
	legitStrong := map[string]int{}
	for _, l := range labels {
		label := l.Label
		st := stats[label]
		if st == nil {
			st = &stat{kind: map[string]int{}, strong: map[string]int{}}
			stats[label] = st
		}
		subj, body, ok := roughText(l.Path)
		if !ok {
			continue
		}
		st.read++
		hits := set.Find(subj, body)
		if len(hits) > 0 {
			st.anyHit++
		}
		if len(Kinds(hits, true)) > 0 {
			st.anyStrong++
		}
		for _, k := range Kinds(hits, false) {
			st.kind[k]++
		}
		for _, k := range Kinds(hits, true) {
			st.strong[k]++
		}
		if label != "phishing" {
			for _, h := range hits {
				if !h.Weak {
					legitStrong[h.Kind+": "+h.Phrase]++
				}
			}
		}
	}
	for _, label := range []string{"phishing", "legit", "legit_bounce", "legit_report"} {
		s := stats[label]
		if s == nil {
			continue
		}
		t.Logf("%-8s read=%5d  any hit %5.1f%%  any strong hit %5.1f%%", label, s.read, pct(s.anyHit, s.read), pct(s.anyStrong, s.read))
		for _, k := range kinds {
			t.Logf("    %-10s any %5.1f%%  strong %5.1f%%", k, pct(s.kind[k], s.read), pct(s.strong[k], s.read))
		}
	}
	type kv struct {
		k string
		v int
	}
	var top []kv
	for k, v := range legitStrong {
		top = append(top, kv{k, v})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].v > top[j].v || top[i].v == top[j].v && top[i].k < top[j].k })
	for i, x := range top {
		if i == 30 {
			break
		}
		t.Logf("legit*/bounce/report strong phrase: %4d %s", x.v, x.k)
	}
	ph, lg := stats["phishing"], stats["legit"]
	if ph != nil && lg != nil && ph.read > 0 && lg.read > 0 && pct(lg.anyStrong, lg.read) >= pct(ph.anyStrong, ph.read) {
		t.Errorf("legit mail has strong lure hits as often as phishing")
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// roughSeeds returns subject and body pairs of a spread of corpus mails for
// fuzzing (none when the corpus is absent).
func roughSeeds(n int) [][2]string {
	dir, ok := corpustest.Find()
	if !ok {
		return nil
	}
	_ = dir
	var out [][2]string
	for _, raw := range corpustest.Seeds(n) {
		e, err := message.Read(bytes.NewReader(raw))
		if e == nil || err != nil {
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(e.Body, 8<<10))
		out = append(out, [2]string{e.Header.Get("Subject"), string(b)})
	}
	return out
}
