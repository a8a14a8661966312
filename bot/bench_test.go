package bot

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/bot/slackfake"
)

// BenchmarkEventToReply measures, against the local fake Slack over Socket
// Mode, the time from an upload event's arrival to its ack and to the final
// reply (chat.update with the rendered report): with the test analyzer (the
// adapter's own cost: download, store, render, 6 Web API calls) and with the
// real analyzer, lookups offline.
func BenchmarkEventToReply(b *testing.B) {
	b.Run("test-analyzer", func(b *testing.B) { benchEventToReply(b, nil) })
	b.Run("real-analyzer-offline", func(b *testing.B) { benchEventToReply(b, analysis.New(analysis.Deps{})) })
}

func benchEventToReply(b *testing.B, an Analyzer) {
	h := newHarness(b, harnessOpts{socket: true, analyzer: an, opts: Options{RatePerMinute: 1 << 30, Offline: true}})
	defer h.stop()
	content := []byte(injectionMail)
	var acks, replies []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		id := fmt.Sprintf("FB%d", i)
		f := h.fake.AddFile(slackfake.File{File: slack.File{ID: id, Name: "b.eml", Mimetype: "message/rfc822"}, Content: content})
		start := time.Now()
		_, ackc, err := h.fake.Send(slackfake.EventsAPI, fileEvent("EvB"+id, "C1", fmt.Sprintf("30.%d", i), "U1", f), 0)
		if err != nil {
			b.Fatal(err)
		}
		a := <-ackc
		acks = append(acks, a.At.Sub(start))
		if _, err := h.fake.WaitFor(10*time.Second, func(cs []slackfake.Call) bool { return count(cs, "chat.update") >= i+1 }); err != nil {
			b.Fatal(err)
		}
		replies = append(replies, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(pct(acks, 50).Seconds()*1e6, "ack-µs-p50")
	b.ReportMetric(pct(acks, 95).Seconds()*1e6, "ack-µs-p95")
	b.ReportMetric(pct(replies, 50).Seconds()*1e3, "reply-ms-p50")
	b.ReportMetric(pct(replies, 95).Seconds()*1e3, "reply-ms-p95")
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}
