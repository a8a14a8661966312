package links

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// bodyParts is a small, test-only MIME walker (the real one is
// analysis/message): it returns the decoded text/plain and text/html parts
// of a mail, ignoring charsets (URLs are ASCII).
func bodyParts(raw []byte) (text, html []string) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, nil
	}
	var walk func(h mailHeader, r io.Reader, depth int)
	walk = func(h mailHeader, r io.Reader, depth int) {
		ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
		if err != nil {
			ct = "text/plain"
		}
		if strings.HasPrefix(ct, "multipart/") && depth < 5 {
			mr := multipart.NewReader(r, params["boundary"])
			for range 50 {
				p, err := mr.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header, p, depth+1)
			}
			return
		}
		if ct != "text/plain" && ct != "text/html" {
			return
		}
		var dec io.Reader = r
		switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			dec = newQP(r)
		case "base64":
			dec = newB64(r)
		}
		b, _ := io.ReadAll(io.LimitReader(dec, 4<<20))
		if ct == "text/html" {
			html = append(html, string(b))
		} else {
			text = append(text, string(b))
		}
	}
	walk(m.Header, m.Body, 0)
	return text, html
}

type mailHeader interface{ Get(string) string }

// corpusSample returns up to n labelled mails with their label.
func corpusSample(tb testing.TB, n int) (mails [][]byte, labels []string) {
	all := corpustest.Labels(tb)
	step := max(1, len(all)/n)
	for i := 0; i < len(all) && len(mails) < n; i += step {
		b, err := os.ReadFile(all[i].Path)
		if err != nil || len(b) > 4<<20 {
			continue
		}
		mails = append(mails, b)
		labels = append(labels, all[i].Label)
	}
	return mails, labels
}

// TestCorpus runs Extract over the labelled corpus and logs what it finds
// per label; it fails only on broken invariants.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	mails, labels := corpusSample(t, 3000)
	type stat struct{ mails, withLinks, links, mismatch, short, ip, puny, wrapped int }
	stats := map[string]*stat{}
	for i, raw := range mails {
		st := stats[labels[i]]
		if st == nil {
			st = &stat{}
			stats[labels[i]] = st
		}
		text, html := bodyParts(raw)
		r := Extract(text, html, Options{})
		st.mails++
		if len(r.Links) > 0 {
			st.withLinks++
		}
		for _, l := range r.Links {
			st.links++
			if l.Mismatch {
				st.mismatch++
			}
			if l.Shortener {
				st.short++
			}
			if l.IPLiteral {
				st.ip++
			}
			if l.Punycode {
				st.puny++
			}
			if strings.Contains(l.URL, "safelinks") {
				st.wrapped++
			}
			lu := strings.ToLower(l.URL)
			if strings.Contains(lu, "http://") || strings.Contains(lu, "https://") {
				t.Errorf("live URL: %q", l.URL)
			}
		}
	}
	for label, st := range stats {
		t.Logf("%-13s mails=%d with_links=%d links=%d mismatch=%d shortener=%d ip=%d punycode=%d safelinks=%d",
			label, st.mails, st.withLinks, st.links, st.mismatch, st.short, st.ip, st.puny, st.wrapped)
	}
}

func BenchmarkExtract(b *testing.B) {
	mails, _ := corpusSample(b, 300)
	type parts struct{ text, html []string }
	var ps []parts
	size := 0
	for _, m := range mails {
		t, h := bodyParts(m)
		ps = append(ps, parts{t, h})
		for _, s := range append(t, h...) {
			size += len(s)
		}
	}
	b.SetBytes(int64(size / max(1, len(ps))))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := ps[i%len(ps)]
		Extract(p.text, p.html, Options{})
	}
}
