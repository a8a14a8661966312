// Package metrics holds the bot's counters and writes them in the
// Prometheus text exposition format (no client library needed).
package metrics

import (
	"fmt"
	"io"
	"sync/atomic"
)

// Counters are monotonic counters maintained by the bot. The zero value is
// ready to use.
type Counters struct {
	EventsReceived   atomic.Int64 // events, commands and interactions received
	AnalysesRun      atomic.Int64 // analyses finished with a report
	AnalysesFailed   atomic.Int64 // analyses that ended in an error (input or internal)
	AnalysesPanicked atomic.Int64 // analyses that panicked (recovered)
	Votes            atomic.Int64 // votes recorded
	DedupHits        atomic.Int64 // duplicate deliveries dropped
	RateLimited      atomic.Int64 // requests refused by the per-user limit
	FilesTooLarge    atomic.Int64 // downloads refused by the size cap
	BadSignatures    atomic.Int64 // HTTP requests refused (bad or stale signature)
	SlackErrors      atomic.Int64 // failed Slack Web API calls
	JobsInFlight     atomic.Int64 // gauge: jobs queued or running
}

// WriteTo writes the counters in Prometheus text format.
func (c *Counters) WriteTo(w io.Writer) (int64, error) {
	rows := []struct {
		name, help, typ string
		v               int64
	}{
		{"checkmail_events_received_total", "Slack events, commands and interactions received.", "counter", c.EventsReceived.Load()},
		{"checkmail_analyses_total", "Analyses that produced a report.", "counter", c.AnalysesRun.Load()},
		{"checkmail_analyses_failed_total", "Analyses that ended in an error.", "counter", c.AnalysesFailed.Load()},
		{"checkmail_analyses_panicked_total", "Analyses that panicked and were recovered.", "counter", c.AnalysesPanicked.Load()},
		{"checkmail_votes_total", "Votes recorded.", "counter", c.Votes.Load()},
		{"checkmail_dedup_hits_total", "Duplicate deliveries dropped.", "counter", c.DedupHits.Load()},
		{"checkmail_rate_limited_total", "Requests refused by the per-user rate limit.", "counter", c.RateLimited.Load()},
		{"checkmail_files_too_large_total", "Files refused by the download size cap.", "counter", c.FilesTooLarge.Load()},
		{"checkmail_bad_signatures_total", "HTTP requests refused for a bad or stale signature.", "counter", c.BadSignatures.Load()},
		{"checkmail_slack_errors_total", "Failed Slack Web API calls.", "counter", c.SlackErrors.Load()},
		{"checkmail_jobs_in_flight", "Jobs queued or running.", "gauge", c.JobsInFlight.Load()},
	}
	var total int64
	for _, r := range rows {
		n, err := fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", r.name, r.help, r.name, r.typ, r.name, r.v)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
