package brands

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/emersion/go-message/charset"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// roughHeaders reads Subject and From of a corpus mail without the
// project's message package: net/mail plus RFC 2047 decoding. It is a
// rough reader for corpus statistics only.
func roughHeaders(path string) (subject, display, domain, body string, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", "", "", false
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 256<<10))
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return "", "", "", "", false
	}
	raw, _ := io.ReadAll(io.LimitReader(msg.Body, 64<<10))
	body = string(raw)
	dec := &mime.WordDecoder{CharsetReader: charset.Reader}
	subject, err = dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		subject = msg.Header.Get("Subject")
	}
	from := msg.Header.Get("From")
	p := mail.AddressParser{WordDecoder: dec}
	if a, err := p.Parse(from); err == nil {
		display = a.Name
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			domain = a.Address[i+1:]
		}
	} else {
		display, _ = dec.DecodeHeader(from)
	}
	return subject, display, domain, body, true
}

// TestCorpusFind prints how many legitimate and phishing mails name a brand
// in the subject or From display name, and how many From domains look like
// a brand. The figures go into the report; the test fails only when legit
// mail hits more often than phishing (the table would be useless).
func TestCorpusFind(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("corpus statistics: skipped with -short and -race")
	}
	labels := corpustest.Labels(t)
	tb := Default()
	type stat struct{ n, read, find, look, strict int }
	stats := map[string]*stat{}
	legitBrands := map[string]int{}
	legitLooks := map[string]int{}
	var legitSamples []string
	for _, l := range labels {
		st := stats[l.Label]
		if st == nil {
			st = &stat{}
			stats[l.Label] = st
		}
		st.n++
		subj, disp, dom, body, ok := roughHeaders(l.Path)
		if !ok {
			continue
		}
		st.read++
		if len(tb.FindStrict(body)) > 0 {
			st.strict++
		}
		hits := tb.Find(disp + "\n" + subj)
		if len(hits) > 0 {
			st.find++
			if l.Label != "phishing" {
				if len(legitSamples) < 40 && testing.Verbose() {
					legitSamples = append(legitSamples, fmt.Sprintf("%s | %q | %q", l.Rel, disp, subj))
				}
				for _, h := range hits {
					legitBrands[h.Brand.ID+" ("+h.Match+")"]++
				}
			}
		}
		if dom != "" {
			if looks := tb.Lookalikes(dom); len(looks) > 0 {
				st.look++
				if l.Label != "phishing" {
					legitLooks[fmt.Sprintf("%s: %s %s", dom, looks[0].Kind, looks[0].Evidence)]++
				}
			}
		}
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := stats[k]
		t.Logf("%-13s mails=%5d read=%5d  brand in subject/display=%5d (%.1f%%)  lookalike From domain=%4d (%.1f%%)  FindStrict in raw body=%5d (%.1f%%)",
			k, s.n, s.read, s.find, pct(s.find, s.read), s.look, pct(s.look, s.read), s.strict, pct(s.strict, s.read))
	}
	type kv struct {
		k string
		v int
	}
	var top []kv
	for k, v := range legitBrands {
		top = append(top, kv{k, v})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].v > top[j].v || top[i].v == top[j].v && top[i].k < top[j].k })
	for i, x := range top {
		if i == 25 {
			break
		}
		t.Logf("legit brand hit: %4d %s", x.v, x.k)
	}
	for s, n := range legitLooks {
		t.Logf("legit lookalike: %3d %s", n, s)
	}
	for _, s := range legitSamples {
		t.Logf("legit sample: %s", s)
	}
	ph, lg := stats["phishing"], stats["legit"]
	if ph != nil && lg != nil && ph.read > 0 && lg.read > 0 && pct(lg.find, lg.read) >= pct(ph.find, ph.read) {
		t.Errorf("legit mail names brands as often as phishing: %.1f%% vs %.1f%%", pct(lg.find, lg.read), pct(ph.find, ph.read))
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
