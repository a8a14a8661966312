package attachments

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

// attachment is one decoded part (kept in memory only).
type attachment struct {
	name, ctype string
	data        []byte
}

// corpusAttachments is a small test-only MIME walker (the real one is
// analysis/message): it returns the non-text parts of a mail, decoded.
func corpusAttachments(raw []byte) []attachment {
	atts, _ := corpusParts(raw)
	return atts
}

// corpusParts returns the attachments and the body texts (text/plain and
// text/html parts without a name) of a mail, decoded.
func corpusParts(raw []byte) ([]attachment, []attachment) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, nil
	}
	var out, bodies []attachment
	type header interface{ Get(string) string }
	var walk func(h header, r io.Reader, depth int)
	walk = func(h header, r io.Reader, depth int) {
		ct := h.Get("Content-Type")
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			mt = "text/plain"
		}
		if strings.HasPrefix(mt, "multipart/") && depth < 5 {
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
		name := params["name"]
		if _, dp, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && dp["filename"] != "" {
			name = dp["filename"]
		}
		isBody := name == "" && (mt == "text/plain" || mt == "text/html")
		var dec io.Reader = r
		switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
		case "base64":
			b, _ := io.ReadAll(io.LimitReader(r, 30<<20))
			clean := strings.Map(func(r rune) rune {
				if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
					return -1
				}
				return r
			}, string(b))
			d, _ := base64.StdEncoding.DecodeString(clean)
			dec = bytes.NewReader(d)
		case "quoted-printable":
			dec = quotedprintable.NewReader(r)
		}
		b, _ := io.ReadAll(io.LimitReader(dec, 30<<20))
		if isBody {
			bodies = append(bodies, attachment{name, mt, b})
			return
		}
		out = append(out, attachment{name, ct, b})
	}
	walk(m.Header, m.Body, 0)
	return out, bodies
}

// TestCorpus inspects every attachment of the labelled corpus (in memory,
// nothing is written or run) and logs risk and reason counts per label.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	labelled := corpustest.Labels(t)
	type stat struct {
		mails, withAtt, atts int
		risk                 map[string]int
		reasons              map[string]int
	}
	stats := map[string]*stat{}
	for _, l := range labelled {
		raw, err := os.ReadFile(l.Path)
		if err != nil || len(raw) > 30<<20 {
			continue
		}
		st := stats[l.Label]
		if st == nil {
			st = &stat{risk: map[string]int{}, reasons: map[string]int{}}
			stats[l.Label] = st
		}
		st.mails++
		atts := corpusAttachments(raw)
		if len(atts) > 0 {
			st.withAtt++
		}
		for _, at := range atts {
			a := Inspect(at.name, at.ctype, at.data)
			st.atts++
			st.risk[a.Risk]++
			for _, r := range a.RiskReasons {
				st.reasons[r]++
			}
			if a.Risk == "" || len(a.SHA256) != 64 {
				t.Errorf("bad result %+v", a)
			}
		}
	}
	for label, st := range stats {
		var rs []string
		for r, n := range st.reasons {
			rs = append(rs, r+"="+strconv.Itoa(n))
		}
		sort.Strings(rs)
		t.Logf("%s: mails=%d with_attachments=%d attachments=%d risk=%v\n  reasons: %s",
			label, st.mails, st.withAtt, st.atts, st.risk, strings.Join(rs, ", "))
	}
}

func BenchmarkInspect(b *testing.B) {
	samples := []struct {
		name string
		data []byte
	}{
		{"a.docx", docx(b)}, {"a.exe", pe()}, {"a.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("/Type /Page /Contents 4 0 R\n"), 40000)...)},
		{"a.zip", makeZip(b, member{name: "x.pdf.exe", body: strings.Repeat("x", 1<<20)})}, {"a.png", png()},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := samples[i%len(samples)]
		Inspect(s.name, "", s.data)
	}
}
