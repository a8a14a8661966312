package attachments

import (
	"bytes"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/internal/corpustest"
)

// bodyText returns the visible text of body parts (HTML through the
// tokenizer), bounded.
func bodyText(parts []attachment) string {
	var b strings.Builder
	for _, p := range parts {
		if b.Len() > maxPasswordScan {
			break
		}
		if p.ctype == "text/html" {
			z := html.NewTokenizer(bytes.NewReader(p.data))
			for tt := z.Next(); tt != html.ErrorToken && b.Len() < maxPasswordScan; tt = z.Next() {
				if tt == html.TextToken {
					b.Write(z.Text())
					b.WriteByte('\n')
				}
			}
			continue
		}
		b.Write(p.data)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCorpusAttack counts, per corpus set and label, the mails whose
// attachments carry the attack: HTML/SVG with indicators, QR codes in
// images and PDFs, encryption, and a password in the body. Nothing is
// written, run or fetched. The figures decide the rule weights.
func TestCorpusAttack(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	labelled := corpustest.Labels(t)
	type stat struct {
		mails, htmlAtt, htmlInd, qr, qrURL, images, pdfs, enc, pw, encPW int
		ind                                                              map[report.Indicator]int
		encKinds                                                         map[report.Encryption]int
		reasons                                                          map[string]int
		qrTime                                                           time.Duration
	}
	stats := map[string]*stat{}
	var slowest time.Duration
	for _, l := range labelled {
		raw, err := os.ReadFile(l.Path)
		if err != nil || len(raw) > 30<<20 {
			continue
		}
		set, _, _ := strings.Cut(l.Rel, "/")
		key := l.Label + "\t" + set
		st := stats[key]
		if st == nil {
			st = &stat{ind: map[report.Indicator]int{}, encKinds: map[report.Encryption]int{}, reasons: map[string]int{}}
			stats[key] = st
		}
		st.mails++
		atts, bodies := corpusParts(raw)
		var hasHTML, hasInd, hasQR, hasQRURL, hasImg, hasPDF, hasEnc bool
		for _, at := range atts {
			start := time.Now()
			a, d := InspectWith(at.name, at.ctype, at.data, DefaultOptions())
			el := time.Since(start)
			slowest = max(slowest, el)
			s := sniff(at.data)
			if s.fam == famImage || s.fam == famPDF {
				st.qrTime += el
				hasImg = hasImg || s.fam == famImage
				hasPDF = hasPDF || s.fam == famPDF
			}
			if d.HTML != nil {
				hasHTML = true
				if len(d.HTML.Indicators) > 0 {
					hasInd = true
				}
			}
			for _, ind := range a.Indicators {
				st.ind[ind]++
			}
			for _, r := range a.RiskReasons {
				if strings.HasPrefix(r, "html") || strings.HasPrefix(r, "qr") || strings.HasPrefix(r, "encrypted") {
					st.reasons[r]++
				}
			}
			if len(d.QR) > 0 {
				hasQR = true
			}
			if slices.Contains(a.Indicators, report.IndQRURL) {
				hasQRURL = true
			}
			if d.Encrypted != "" {
				hasEnc = true
				st.encKinds[d.Encrypted]++
			}
		}
		_, pw := PasswordInBody(bodyText(bodies))
		for _, b := range []struct {
			ok bool
			n  *int
		}{{hasHTML, &st.htmlAtt}, {hasInd, &st.htmlInd}, {hasQR, &st.qr}, {hasQRURL, &st.qrURL}, {hasImg, &st.images}, {hasPDF, &st.pdfs}, {hasEnc, &st.enc}, {pw, &st.pw}, {hasEnc && pw, &st.encPW}} {
			if b.ok {
				*b.n++
			}
		}
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		st := stats[k]
		var is, rs, es []string
		for i, n := range st.ind {
			is = append(is, string(i)+"="+strconv.Itoa(n))
		}
		for r, n := range st.reasons {
			rs = append(rs, r+"="+strconv.Itoa(n))
		}
		for e, n := range st.encKinds {
			es = append(es, string(e)+"="+strconv.Itoa(n))
		}
		sort.Strings(is)
		sort.Strings(rs)
		sort.Strings(es)
		t.Logf("%s: mails=%d html/svg_att=%d with_indicators=%d | with_image=%d with_pdf=%d qr=%d qr_url=%d (image+pdf inspect time %v) | encrypted=%d password_in_body=%d both=%d\n  indicators(attachments): %s\n  reasons: %s\n  encryption: %s",
			strings.Replace(k, "\t", " ", 1), st.mails, st.htmlAtt, st.htmlInd, st.images, st.pdfs, st.qr, st.qrURL, st.qrTime.Round(time.Millisecond), st.enc, st.pw, st.encPW,
			strings.Join(is, ", "), strings.Join(rs, ", "), strings.Join(es, ", "))
	}
	t.Logf("slowest attachment: %v", slowest)
	// Floors just under what the corpus gives today (phishing_pot: one
	// credential-harvesting .htm, one PDF with a QR code link) and the
	// legitimate sets' zero for the strong signals.
	sum := func(label, set string, f func(*stat) int) int {
		n := 0
		for k, st := range stats {
			l, s, _ := strings.Cut(k, "\t")
			if l == label && (set == "" || s == set) {
				n += f(st)
			}
		}
		return n
	}
	if n := sum("phishing", "phishing_pot", func(s *stat) int { return s.ind[report.IndHTMLPasswordField] }); n < 1 {
		t.Errorf("phishing_pot: %d html attachments with a password field, want >= 1", n)
	}
	if n := sum("phishing", "phishing_pot", func(s *stat) int { return s.qrURL }); n < 1 {
		t.Errorf("phishing_pot: %d mails with a QR code link, want >= 1", n)
	}
	for _, c := range []struct {
		what string
		f    func(*stat) int
	}{
		{"qr codes", func(s *stat) int { return s.qr }},
		{"encrypted attachments", func(s *stat) int { return s.enc }},
		{"html password fields", func(s *stat) int { return s.ind[report.IndHTMLPasswordField] }},
		{"html smuggling", func(s *stat) int { return s.ind[report.IndHTMLSmuggling] }},
		{"encrypted attachment and password in body", func(s *stat) int { return s.encPW }},
	} {
		if n := sum("legit", "", c.f); n > 0 {
			t.Errorf("legit: %d mails with %s, want 0", n, c.what)
		}
	}
}
