package lookup_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/analysistest"
	"github.com/checkmail/checkmail/analysis/lookup"
)

// BenchmarkRun measures one full lookup run for the SMARTalk mail (GeoIP,
// RDAP for the network and a .com domain with its registrar, WHOIS for
// three .jp domains, DKIM×2, DMARC, SPF) against the local servers.
// cold: a new Service per run (empty caches, bootstrap fetched again);
// warm: one Service, answers cached (DNS checks still run).
func BenchmarkRun(b *testing.B) {
	w := analysistest.Fixtures(b)
	raw := w.Sign(b, w.Sign(b, []byte(smartalkMail), "rakuten.co.jp"), "emberpoint.com")
	req := analysistest.SMARTalkRequest(raw)
	report := func(b *testing.B, ds []time.Duration) {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		pct := func(p float64) float64 {
			return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(pct(0.50), "p50-ms")
		b.ReportMetric(pct(0.95), "p95-ms")
	}
	b.Run("cold", func(b *testing.B) {
		ds := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			s, err := lookup.New(w.Config)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			res := s.Run(context.Background(), req)
			ds = append(ds, time.Since(start))
			s.Close()
			if res.Network == nil || len(res.Domains) != 4 || res.Domains[0].Registrant == "" {
				b.Fatalf("incomplete result: %+v", res)
			}
		}
		report(b, ds)
	})
	b.Run("warm", func(b *testing.B) {
		s, err := lookup.New(w.Config)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		s.Run(context.Background(), req)
		ds := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			res := s.Run(context.Background(), req)
			ds = append(ds, time.Since(start))
			if res.Network == nil || res.Domains[0].Registrant == "" {
				b.Fatalf("incomplete result: %+v", res)
			}
		}
		report(b, ds)
	})
}
