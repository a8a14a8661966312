package analysis

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/report"
)

// worldAnalyzer wires an Analyzer to the local RDAP, WHOIS, DNS and GeoIP
// servers of the SMARTalk story.
func worldAnalyzer(t testing.TB) (*Analyzer, *analysistest.World) {
	t.Helper()
	w := analysistest.Fixtures(t)
	svc, err := lookup.New(w.Config)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return New(Deps{Lookups: svc, Now: func() time.Time { return w.Clock }}), w
}

func domainByName(r *report.Report, name string) report.Domain {
	for _, d := range r.Domains {
		if d.Name == name {
			return d
		}
	}
	return report.Domain{}
}

// The SMARTalk story end to end with every lookup answered by a local server.
func TestSMARTalkWithLookups(t *testing.T) {
	a, w := worldAnalyzer(t)
	raw := w.Sign(t, fixture(t, "smartalk.eml"), "rakuten.co.jp")
	rep, err := a.AnalyzeBytes(context.Background(), raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Origin
	if o == nil || o.Geo == nil || o.ASN == nil || o.Network == nil {
		t.Fatalf("origin incomplete: %+v; lookups %+v", o, rep.Lookups)
	}
	if o.Geo.City != "Osaka" || o.Geo.Country != "JP" || o.ASN.Number != 2516 || o.Network.Name != "KDDI" || o.Network.Source != "rdap:apnic" {
		t.Errorf("origin = geo %+v asn %+v network %+v", o.Geo, o.ASN, o.Network)
	}
	if o.Network.AbuseEmail == "" {
		t.Errorf("no abuse contact: %+v", o.Network)
	}
	for _, name := range []string{"rakuten.co.jp", "ip-phone-smart.jp"} {
		d := domainByName(rep, name)
		if d.Source != "whois" || d.Registrant == "" || d.AgeDays == nil || *d.AgeDays < 365 {
			t.Errorf("%s owner = %+v", name, d)
		}
	}
	if rep.Verdict.Level != report.Legitimate {
		t.Errorf("level = %s %v", rep.Verdict.Level, codes(rep))
	}
	for _, c := range []string{"authentic_brand", "established_domain"} {
		if !slices.Contains(codes(rep), c) {
			t.Errorf("missing %s in %v", c, codes(rep))
		}
	}
	if rep.Auth.Own == nil || len(rep.Auth.Own.DKIM) == 0 {
		t.Fatalf("no DKIM re-verification: %+v", rep.Auth.Own)
	}
	passed := false
	for _, d := range rep.Auth.Own.DKIM {
		passed = passed || (d.Domain == "rakuten.co.jp" && d.Result == "pass")
	}
	if !passed || rep.Auth.Own.DMARCPolicy != "reject" {
		t.Errorf("own auth = %+v", rep.Auth.Own)
	}
	for _, l := range rep.Lookups {
		if l.Status != report.StatusOK && l.Status != report.StatusSkipped {
			t.Errorf("lookup failed: %+v", l)
		}
	}
}

func TestSMARTalkTwinWithLookups(t *testing.T) {
	a, w := worldAnalyzer(t)
	raw := w.Sign(t, fixture(t, "smartalk-phish.eml"), "smartalk-rakuten.com")
	rep, err := a.AnalyzeBytes(context.Background(), raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict.Level != report.Phishing {
		t.Errorf("level = %s %v", rep.Verdict.Level, codes(rep))
	}
	if !slices.Contains(codes(rep), "young_domain") {
		t.Errorf("young domain not reported: %v", codes(rep))
	}
	d := domainByName(rep, "smartalk-rakuten.com")
	if d.AgeDays == nil || *d.AgeDays > 7 || d.Registrar != "NameSilo, LLC" {
		t.Errorf("attacker domain = %+v", d)
	}
	if o := rep.Origin; o == nil || o.Geo == nil || o.Geo.Country != "NL" || o.ASN == nil || o.ASN.Number != 9009 {
		t.Errorf("origin = %+v", rep.Origin)
	}
}

// A dead RDAP server and a silent WHOIS server make a partial report within
// the deadline, naming what is missing; the verdict still comes.
func TestLookupsFailSoft(t *testing.T) {
	w := analysistest.Fixtures(t)
	w.RDAP.Fault("/", analysistest.FaultHang)
	w.WHOIS.Hang("rakuten.co.jp/e")
	cfg := w.Config
	cfg.Timeout = 300 * time.Millisecond
	svc, err := lookup.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	a := New(Deps{Lookups: svc, Now: func() time.Time { return w.Clock }})
	start := time.Now()
	rep, err := a.AnalyzeBytes(context.Background(), fixture(t, "smartalk.eml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("analysis took %v with dead servers", took)
	}
	timedOut := 0
	for _, l := range rep.Lookups {
		if l.Status == report.StatusTimeout || l.Status == report.StatusError {
			timedOut++
		}
	}
	if timedOut == 0 {
		t.Errorf("no lookup reported as failed: %+v", rep.Lookups)
	}
	if rep.Verdict.Level != report.Legitimate {
		t.Errorf("level = %s %v", rep.Verdict.Level, codes(rep))
	}
}

// BenchmarkAnalyzeWithLookups measures a full analysis with every lookup
// against the local servers, cold (new cache each time) and warm.
func BenchmarkAnalyzeWithLookups(b *testing.B) {
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			w := analysistest.Fixtures(b)
			raw := w.Sign(b, fixture(b, "smartalk.eml"), "rakuten.co.jp")
			svc, err := lookup.New(w.Config)
			if err != nil {
				b.Fatal(err)
			}
			a := New(Deps{Lookups: svc, Now: func() time.Time { return w.Clock }})
			var durs []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if mode == "cold" {
					b.StopTimer()
					svc.Close()
					svc, _ = lookup.New(w.Config)
					a = New(Deps{Lookups: svc, Now: func() time.Time { return w.Clock }})
					b.StartTimer()
				}
				start := time.Now()
				if _, err := a.Analyze(context.Background(), bytes.NewReader(raw), Options{}); err != nil {
					b.Fatal(err)
				}
				durs = append(durs, time.Since(start))
			}
			b.StopTimer()
			svc.Close()
			sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
			b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
