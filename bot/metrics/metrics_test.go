package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestMetricsExposition(t *testing.T) {
	m := New()
	m.EventsReceived.Add(3)
	m.DedupHits.Add(1)
	m.JobsInFlight.Add(2)
	m.SlackCall("chat.postMessage", 429, 30*time.Millisecond)
	m.SlackCall("chat.update", 0, time.Second)
	m.Lookup("rdap", 120)
	m.Lookup("evil\nlabel", 1)
	m.GaugeFunc("checkmail_queue_depth", "Jobs waiting.", func() float64 { return 7 })
	if m.EventsReceived.Load() != 3 || m.JobsInFlight.Load() != 2 {
		t.Fatalf("Load: %d %d", m.EventsReceived.Load(), m.JobsInFlight.Load())
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	out := string(body)
	for _, want := range []string{
		"checkmail_events_received_total 3\n",
		"checkmail_dedup_hits_total 1\n",
		"checkmail_analyses_panicked_total 0\n",
		"# TYPE checkmail_jobs_in_flight gauge\ncheckmail_jobs_in_flight 2\n",
		`checkmail_slack_call_seconds_count{method="chat.postMessage",status="429"} 1`,
		`checkmail_slack_call_seconds_bucket{method="chat.update",status="error",le="+Inf"} 1`,
		`checkmail_lookup_seconds_count{kind="rdap"} 1`,
		`checkmail_lookup_seconds_count{kind="other"} 1`,
		"checkmail_queue_depth 7\n",
		"# TYPE checkmail_final_reply_seconds histogram",
		"# TYPE checkmail_ack_seconds histogram",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
}
