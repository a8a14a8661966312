// Package metrics holds the bot's Prometheus metrics (client_golang), on a
// registry of their own so several bots can live in one process (tests).
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
)

// Counter is a Prometheus counter that tests can read.
type Counter struct{ c prometheus.Counter }

// Add adds n (>= 0).
func (c Counter) Add(n int64) { c.c.Add(float64(n)) }

// Load reads the counter.
func (c Counter) Load() int64 {
	var m dto.Metric
	if err := c.c.Write(&m); err != nil {
		return 0
	}
	return int64(m.GetCounter().GetValue())
}

// Gauge is a Prometheus gauge that tests can read.
type Gauge struct{ g prometheus.Gauge }

// Add adds n (may be negative).
func (g Gauge) Add(n int64) { g.g.Add(float64(n)) }

// Load reads the gauge.
func (g Gauge) Load() int64 {
	var m dto.Metric
	if err := g.g.Write(&m); err != nil {
		return 0
	}
	return int64(m.GetGauge().GetValue())
}

// Metrics are the bot's metrics.
type Metrics struct {
	reg *prometheus.Registry

	EventsReceived   Counter // events, commands and interactions received
	AnalysesRun      Counter // analyses finished with a report
	AnalysesFailed   Counter // analyses that ended in an error (input or internal)
	AnalysesPanicked Counter // analyses that panicked (recovered)
	Votes            Counter // votes recorded
	DedupHits        Counter // duplicate deliveries that inserted no job
	RateLimited      Counter // requests refused by the per-user limit
	FilesTooLarge    Counter // downloads refused by the size cap
	BadSignatures    Counter // HTTP requests refused (bad or stale signature)
	SlackErrors      Counter // Slack Web API calls that finally failed
	SlackRetries     Counter // Slack Web API calls retried
	JobsFailed       Counter // jobs that gave up and said so in their thread
	JobsReturned     Counter // jobs returned to the queue at shutdown
	JobsInFlight     Gauge   // jobs running in this replica

	AckSeconds      prometheus.Histogram     // request arrival to acknowledgement
	ReplySeconds    prometheus.Histogram     // job insert to final reply in Slack
	AnalysisSeconds prometheus.Histogram     // one analysis (without Slack calls)
	LookupSeconds   *prometheus.HistogramVec // by lookup kind (geoip, rdap, whois, dns)
	SlackSeconds    *prometheus.HistogramVec // by Web API method and status
}

// New returns the metrics registered on a new registry, with the Go and
// process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{reg: reg}
	counter := func(name, help string) Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
		reg.MustRegister(c)
		return Counter{c}
	}
	m.EventsReceived = counter("checkmail_events_received_total", "Slack events, commands and interactions received.")
	m.AnalysesRun = counter("checkmail_analyses_total", "Analyses that produced a report.")
	m.AnalysesFailed = counter("checkmail_analyses_failed_total", "Analyses that ended in an error.")
	m.AnalysesPanicked = counter("checkmail_analyses_panicked_total", "Analyses that panicked and were recovered.")
	m.Votes = counter("checkmail_votes_total", "Votes recorded.")
	m.DedupHits = counter("checkmail_dedup_hits_total", "Duplicate deliveries that inserted no job.")
	m.RateLimited = counter("checkmail_rate_limited_total", "Requests refused by the per-user rate limit.")
	m.FilesTooLarge = counter("checkmail_files_too_large_total", "Files refused by the download size cap.")
	m.BadSignatures = counter("checkmail_bad_signatures_total", "HTTP requests refused for a bad or stale signature.")
	m.SlackErrors = counter("checkmail_slack_errors_total", "Slack Web API calls that failed after their retries.")
	m.SlackRetries = counter("checkmail_slack_retries_total", "Slack Web API calls retried (429, 5xx, network errors).")
	m.JobsFailed = counter("checkmail_jobs_failed_total", "Jobs that gave up and said so in their thread.")
	m.JobsReturned = counter("checkmail_jobs_returned_total", "Jobs returned to the queue at shutdown.")
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "checkmail_jobs_in_flight", Help: "Jobs running in this replica."})
	reg.MustRegister(g)
	m.JobsInFlight = Gauge{g}
	fast := []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}
	slow := []float64{.01, .025, .05, .1, .25, .5, 1, 2, 5, 10, 30, 60, 120}
	m.AckSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "checkmail_ack_seconds", Help: "Time from a Slack request's arrival to its acknowledgement (job committed).", Buckets: fast})
	m.ReplySeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "checkmail_final_reply_seconds", Help: "Time from a job's insert to its final reply in Slack.", Buckets: slow})
	m.AnalysisSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "checkmail_analysis_seconds", Help: "Time of one analysis, lookups included.", Buckets: slow})
	m.LookupSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "checkmail_lookup_seconds", Help: "Time of one network lookup, by kind.", Buckets: slow}, []string{"kind"})
	m.SlackSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "checkmail_slack_call_seconds", Help: "Time of one Slack Web API call attempt, by method and status.", Buckets: fast}, []string{"method", "status"})
	reg.MustRegister(m.AckSeconds, m.ReplySeconds, m.AnalysisSeconds, m.LookupSeconds, m.SlackSeconds)
	return m
}

// GaugeFunc registers a gauge read by f at scrape time (queue depth).
func (m *Metrics) GaugeFunc(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// Lookup records one lookup of kind that took ms milliseconds.
func (m *Metrics) Lookup(kind string, ms int64) {
	switch kind {
	case "geoip", "rdap", "whois", "dns":
	default:
		kind = "other" // bounded label values
	}
	m.LookupSeconds.WithLabelValues(kind).Observe(float64(ms) / 1000)
}

// SlackCall records one Web API call attempt; status is the HTTP status,
// or 0 for a network error or timeout.
func (m *Metrics) SlackCall(method string, status int, d time.Duration) {
	s := "error"
	if status > 0 {
		s = strconv.Itoa(status)
	}
	m.SlackSeconds.WithLabelValues(method, s).Observe(d.Seconds())
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
