package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testAnalyzer() *Analyzer {
	return New(Deps{Now: func() time.Time { return time.Date(2021, 12, 18, 12, 0, 0, 0, time.UTC) }})
}

func analyze(t testing.TB, raw []byte) *report.Report {
	t.Helper()
	rep, err := testAnalyzer().AnalyzeBytes(context.Background(), raw, Options{})
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	return rep
}

func codes(r *report.Report) []string {
	var out []string
	for _, rs := range r.Verdict.Reasons {
		out = append(out, rs.Code)
	}
	return out
}

// The case that started it: a genuine SMARTalk (Rakuten) notice sent through
// an ESP, and its phishing twin.
func TestSMARTalkFixtures(t *testing.T) {
	tests := []struct {
		file      string
		level     string
		originIP  string
		want      []string // reason codes that must be present
		forbidden []string
	}{
		{"smartalk.eml", report.Legitimate, "106.185.101.209",
			[]string{"authentic_brand", "links_match_sender"},
			[]string{"brand_impersonation", "lookalike_domain", "link_text_mismatch"}},
		{"smartalk-phish.eml", report.Phishing, "45.137.21.9",
			[]string{"brand_impersonation", "lookalike_domain", "link_text_mismatch", "payment_lure"},
			[]string{"authentic_brand"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rep := analyze(t, fixture(t, tt.file))
			if rep.Verdict.Level != tt.level {
				t.Errorf("level = %s (score %d), want %s; reasons %v", rep.Verdict.Level, rep.Verdict.Score, tt.level, codes(rep))
			}
			if rep.Origin == nil || rep.Origin.IP != tt.originIP {
				t.Errorf("origin = %+v, want %s", rep.Origin, tt.originIP)
			}
			got := codes(rep)
			for _, c := range tt.want {
				if !slices.Contains(got, c) {
					t.Errorf("missing reason %s; got %v", c, got)
				}
			}
			for _, c := range tt.forbidden {
				if slices.Contains(got, c) {
					t.Errorf("unexpected reason %s; got %v", c, got)
				}
			}
			if rep.Subject != "SMARTalk:クレジットカード情報の更新のお願い" {
				t.Errorf("subject = %q", rep.Subject)
			}
			if rep.Sender.DisplayName != "SMARTalkカスタマーセンター" {
				t.Errorf("display name = %q", rep.Sender.DisplayName)
			}
			for _, rs := range rep.Verdict.Reasons {
				if rs.Text == "" || rs.TextJA == "" {
					t.Errorf("reason %s lacks a sentence: %+v", rs.Code, rs)
				}
			}
		})
	}
}

func TestSMARTalkDetails(t *testing.T) {
	rep := analyze(t, fixture(t, "smartalk.eml"))
	if rep.Origin.Host != "bmmpo4101.jpx1.mta.emberpoint.com" || rep.Origin.ReceivedBy != "mx.google.com" {
		t.Errorf("origin host/by = %q/%q", rep.Origin.Host, rep.Origin.ReceivedBy)
	}
	if !rep.Auth.Trusted || rep.Auth.DMARC != "pass" || !rep.Auth.Aligned.DKIM || rep.Auth.Aligned.SPF {
		t.Errorf("auth = %+v (want trusted dmarc pass, DKIM aligned, SPF at the ESP not aligned)", rep.Auth)
	}
	if rep.Sender.ReturnPathDomain != "bma.mpse.jp" || !slices.Contains(rep.Sender.DKIMDomains, "comm.rakuten.co.jp") {
		t.Errorf("sender = %+v", rep.Sender)
	}
	var names []string
	for _, d := range rep.Domains {
		names = append(names, d.Name)
	}
	for _, want := range []string{"rakuten.co.jp", "mpse.jp", "ip-phone-smart.jp"} {
		if !slices.Contains(names, want) {
			t.Errorf("domains %v lack %s", names, want)
		}
	}
	// Hops: Gmail's internal hop, the trusted hand-over, and the ESP's own
	// line below the boundary, which is claimed.
	if len(rep.Hops) < 3 || !rep.Hops[1].Origin || !rep.Hops[1].Trusted || rep.Hops[2].Trusted {
		t.Errorf("hops = %+v", rep.Hops)
	}
	for _, l := range rep.Links {
		if strings.Contains(l.URL, "://www.") || !strings.Contains(l.URL, "[.]") {
			t.Errorf("link not defanged: %q", l.URL)
		}
	}
}

// The same mail in every form a person may hand it over.
func TestInputForms(t *testing.T) {
	raw := fixture(t, "smartalk.eml")
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	lf := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	tests := []struct {
		name      string
		in        []byte
		kind      string
		unwrapped bool
	}{
		{"crlf", raw, "eml", false},
		{"lf", lf, "eml", false},
		{"bare cr", bytes.ReplaceAll(lf, []byte("\n"), []byte("\r")), "eml", false},
		{"pasted headers, indented", indent(head), "headers", false},
		{"pasted through slack", slackEscape(head), "headers", false},
		{"forwarded as attachment", forward(raw), "forwarded", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := analyze(t, tt.in)
			if rep.Input.Kind != tt.kind || rep.Input.Unwrapped != tt.unwrapped {
				t.Errorf("input = %+v, want kind %s unwrapped %v", rep.Input, tt.kind, tt.unwrapped)
			}
			if rep.Origin == nil || rep.Origin.IP != "106.185.101.209" {
				t.Errorf("origin = %+v", rep.Origin)
			}
			if rep.Sender.From != "smart@comm.rakuten.co.jp" || rep.Sender.DisplayName != "SMARTalkカスタマーセンター" {
				t.Errorf("sender = %q %q", rep.Sender.From, rep.Sender.DisplayName)
			}
			if rep.Verdict.Level != report.Legitimate {
				t.Errorf("level = %s %v", rep.Verdict.Level, codes(rep))
			}
		})
	}
}

func indent(head []byte) []byte {
	var b bytes.Buffer
	for _, line := range strings.Split(string(head), "\r\n") {
		b.WriteString("    " + line + "\n")
	}
	return b.Bytes()
}

// slackEscape does to pasted text what Slack does: escape & < > and turn
// addresses into mailto links.
func slackEscape(head []byte) []byte {
	s := strings.ReplaceAll(string(head), "\r\n", "\n")
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	s = strings.ReplaceAll(s, ">", "&gt;")
	s = strings.ReplaceAll(s, "smart@comm.rakuten.co.jp", "<mailto:smart@comm.rakuten.co.jp|smart@comm.rakuten.co.jp>")
	return []byte(s)
}

func forward(orig []byte) []byte {
	var b bytes.Buffer
	b.WriteString("From: Taro Yamada <taro@example.co.jp>\r\nTo: security@example.co.jp\r\n" +
		"Subject: Fwd: is this real?\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"fwd-b\"\r\n\r\n" +
		"--fwd-b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease check the attached mail.\r\n" +
		"--fwd-b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"original.eml\"\r\n\r\n")
	b.Write(orig)
	b.WriteString("\r\n--fwd-b--\r\n")
	return b.Bytes()
}

func TestBadInput(t *testing.T) {
	small := New(Deps{})
	small.deps.Limits.MaxBytes = 1000
	tests := []struct {
		name string
		a    *Analyzer
		in   []byte
	}{
		{"empty", testAnalyzer(), nil},
		{"binary junk", testAnalyzer(), []byte{0x89, 'P', 'N', 'G', 0, 0, 0xff, 0xfe, 1, 2, 3}},
		{"prose", testAnalyzer(), []byte("hello, is this mail real?\nthanks\n")},
		{"over the size bound", small, bytes.Repeat([]byte("Subject: x\r\n"), 200)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.a.Analyze(context.Background(), bytes.NewReader(tt.in), Options{})
			if !errors.Is(err, ErrInput) {
				t.Fatalf("err = %v, want ErrInput", err)
			}
			if err.Error() == "" || strings.Contains(err.Error(), "panic") {
				t.Errorf("unclear error: %q", err)
			}
		})
	}
}

func TestNoLookupsAreReportedSkipped(t *testing.T) {
	rep := analyze(t, fixture(t, "smartalk.eml"))
	if len(rep.Lookups) == 0 {
		t.Fatal("no lookups listed")
	}
	for _, l := range rep.Lookups {
		if l.Status != report.StatusSkipped || l.Error == "" {
			t.Errorf("lookup %+v: want skipped with a reason", l)
		}
	}
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"smartalk", "smartalk-phish"} {
		t.Run(name, func(t *testing.T) {
			rep := analyze(t, fixture(t, name+".eml"))
			got, err := json.MarshalIndent(rep, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report differs from %s (run go test ./analysis -update and review the diff):\n%s", path, got)
			}
		})
	}
}
