package bot

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/store/storetest"
)

// BenchmarkThroughput finds the highest event rate per replica at which
// 99% of uploads get their final reply (the report, then the verdict
// reaction) within 2 s, against the fake Slack, with the real analyzer
// (lookups offline) and the smartalk sample mail: one replica on SQLite,
// one on Postgres and two on one Postgres. The load is open-loop (events
// sent at a fixed rate, through each replica's HTTP handler in turn) for
// CHECKMAIL_BENCH_SECONDS (default 5) per step; CHECKMAIL_BENCH_LATENCY
// (e.g. 30ms) adds latency to every fake Slack call. Run with
// -benchtime=1x; the figure is the metric events/s/replica.
func BenchmarkThroughput(b *testing.B) {
	b.Run("sqlite-1", func(b *testing.B) { benchThroughput(b, 1, "") })
	b.Run("postgres-1", func(b *testing.B) { benchThroughput(b, 1, storetest.PostgresDSN(b)) })
	b.Run("postgres-2", func(b *testing.B) { benchThroughput(b, 2, storetest.PostgresDSN(b)) })
}

func benchThroughput(b *testing.B, n int, dsn string) {
	mail, err := os.ReadFile("../analysis/testdata/smartalk-phish.eml")
	if err != nil {
		b.Fatal(err)
	}
	secs := 5
	if v, err := strconv.Atoi(os.Getenv("CHECKMAIL_BENCH_SECONDS")); err == nil && v > 0 {
		secs = v
	}
	fake := slackfake.New(testBotToken)
	defer fake.Close()
	if d, err := time.ParseDuration(os.Getenv("CHECKMAIL_BENCH_LATENCY")); err == nil {
		fake.SetLatency(d)
	}
	an := analysis.New(analysis.Deps{})
	var hs []*harness
	for range n {
		o := Options{RatePerMinute: 1 << 30, Offline: true, Workers: 32}
		if dsn == "" {
			hs = append(hs, newHarness(b, harnessOpts{fake: fake, analyzer: an, opts: o}))
		} else {
			hs = append(hs, newHarness(b, harnessOpts{fake: fake, analyzer: an, opts: o, dsn: dsn}))
		}
	}
	best := 0
	step := 0
	for b.Loop() {
		for _, perReplica := range []int{10, 25, 50, 75, 100, 150, 200, 300} {
			step++
			rate := perReplica * n
			total := rate * secs
			sent := make([]time.Time, total)
			interval := time.Second / time.Duration(rate)
			start := time.Now()
			var wg sync.WaitGroup
			for i := range total {
				time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
				id := fmt.Sprintf("S%dE%d", step, i)
				f := fake.AddFile(slackfake.File{File: slack.File{ID: id, Name: "b.eml", Mimetype: "message/rfc822"}, Content: mail})
				ev := fileEvent("Ev"+id, "C1", fmt.Sprintf("%d.%06d", 2000+step, i), fmt.Sprintf("U%d", i), f)
				sent[i] = time.Now()
				h := hs[i%n]
				wg.Go(func() {
					if code := postEvent(b, h.bot.Handler(testSecret), ev); code != 200 {
						b.Errorf("event answered %d", code)
					}
				})
			}
			wg.Wait()
			for _, h := range hs {
				h.settleFor(2 * time.Minute)
			}
			// Final reply: the verdict reaction follows the report.
			done := map[string]time.Time{}
			for _, c := range fake.Calls("reactions.add") {
				if c.Form.Get("name") != "eyes" {
					done[c.Form.Get("timestamp")] = c.At
				}
			}
			var lat []time.Duration
			for i := range total {
				at, ok := done[fmt.Sprintf("%d.%06d", 2000+step, i)]
				if !ok {
					lat = append(lat, time.Hour)
					continue
				}
				lat = append(lat, at.Sub(sent[i]))
			}
			p50, p99 := pct(lat, 50), pct(lat, 99)
			b.Logf("%d replica(s), %d events/s per replica: p50 %v, p99 %v", n, perReplica, p50.Round(time.Millisecond), p99.Round(time.Millisecond))
			if p99 > 2*time.Second {
				break
			}
			best = perReplica
		}
	}
	b.ReportMetric(float64(best), "events/s/replica")
	b.ReportMetric(float64(best*n), "events/s-total")
}
