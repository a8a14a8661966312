// Package bot is checkmail's Slack adapter: it turns Slack events, slash
// commands and interactions into analysis jobs and reports into threaded
// Slack replies, records the team's votes, and links related cases.
//
// The package is a thin translation layer. Analysis, rendering and storage
// are injected (Analyzer, render, Store); transport (Socket Mode or HTTP) is
// chosen by Run. Everything taken from a mail is escaped with render.Escape
// before it reaches Slack, unfurling is always off, and tokens never appear
// in a reply or a log line.
package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/metrics"
	"github.com/checkmail/checkmail/bot/ratelimit"
	"github.com/checkmail/checkmail/store"
)

// Analyzer analyzes one mail. Errors wrapping analysis.ErrInput mean the
// input is not a mail; other errors are internal.
type Analyzer interface {
	Analyze(ctx context.Context, r io.Reader, o analysis.Options) (*report.Report, error)
}

// Options tune the bot. Zero values take the defaults noted.
type Options struct {
	Lang          string        // en|ja; default en
	Offline       bool          // analyses run without network lookups
	MaxFileBytes  int64         // download cap; default 25 MiB
	Workers       int           // concurrent analyses in this replica; default 16
	VoteWorkers   int           // concurrent vote and report jobs; default 8
	RatePerMinute int           // analyses per user per minute (per replica); default 10
	MaxRelated    int           // related cases shown; default 5
	JobDeadline   time.Duration // one job, Slack retries included; default 2m
	// AttemptTimeout bounds one attempt of a Slack call; default 10s.
	AttemptTimeout time.Duration
	// ShutdownGrace is how long Close lets running jobs finish before it
	// returns the rest to the queue; default 25s.
	ShutdownGrace time.Duration
	// PollInterval is how often the queue is polled for jobs inserted by
	// other replicas (Postgres also notifies at once); default 100ms.
	PollInterval time.Duration
	// APIURL is the Slack Web API base URL in use; its host may receive the
	// token on downloads (besides https Slack hosts).
	APIURL string
	// Secrets are strings that must never be logged or posted (tokens,
	// signing secret); log lines containing them are redacted.
	Secrets []string
	Now     func() time.Time
}

func (o *Options) defaults() {
	if o.Lang != "ja" {
		o.Lang = "en"
	}
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = 25 << 20
	}
	if o.Workers <= 0 {
		o.Workers = 16
	}
	if o.VoteWorkers <= 0 {
		o.VoteWorkers = 8
	}
	if o.RatePerMinute <= 0 {
		o.RatePerMinute = 10
	}
	if o.MaxRelated <= 0 {
		o.MaxRelated = 5
	}
	if o.JobDeadline <= 0 {
		o.JobDeadline = 2 * time.Minute
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = defaultAttemptTimeout
	}
	if o.ShutdownGrace <= 0 {
		o.ShutdownGrace = 25 * time.Second
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 100 * time.Millisecond
	}
	if o.APIURL == "" {
		o.APIURL = slack.APIURL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Bot handles Slack traffic. Create it with New, call Start once (auth.test,
// then the job workers), feed it through Socket Mode (RunSocketMode) or
// HTTP (Handler), and Close it to stop within the shutdown grace.
//
// Every request becomes a job in a durable queue (River, in the store's
// database) before Slack is acknowledged; jobs are unique by Slack's key
// for the request, so retries and other replicas' copies insert nothing,
// and a replica that dies leaves its jobs to the others or to its restart.
type Bot struct {
	api  *slack.Client
	an   Analyzer
	st   *store.Store
	q    jobQueue
	log  *slog.Logger
	opts Options

	// Metrics are the Prometheus metrics /metrics exposes.
	Metrics *metrics.Metrics

	botUserID, botID string
	botName          string
	apiHost          *url.URL

	limiter  *ratelimit.Limiter
	locales  *ttlCache
	stopping atomic.Bool
	started  atomic.Bool
	closeMu  sync.Once
	side     sync.WaitGroup // short side tasks (views.open) outside the queue
	intake   sync.WaitGroup // Socket Mode envelopes being handled
}

// New returns a bot whose jobs live in st's database (River's tables are
// created there if needed). logger may be nil (discard).
func New(api *slack.Client, a Analyzer, st *store.Store, o Options, logger *slog.Logger) (*Bot, error) {
	if api == nil || a == nil || st == nil {
		return nil, errors.New("bot: slack client, analyzer and store are required")
	}
	o.defaults()
	u, err := url.Parse(o.APIURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("bot: bad Slack API URL %q", o.APIURL)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = slog.New(newRedactingHandler(logger.Handler(), o.Secrets))
	b := &Bot{
		api: api, an: a, st: st, opts: o, log: logger,
		Metrics: metrics.New(),
		apiHost: u,
		limiter: ratelimit.New(o.RatePerMinute, time.Minute, 10000, o.Now),
		locales: newTTLCache(time.Hour, 2000, o.Now),
		botName: "checkmail",
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if b.q, err = newQueue(ctx, st, b); err != nil {
		return nil, err
	}
	b.Metrics.GaugeFunc("checkmail_queue_depth", "Jobs queued or running, all replicas.", func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := b.pendingJobs(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	return b, nil
}

// Start learns the bot's own identity (auth.test) so its messages are
// ignored, then starts the job workers.
func (b *Bot) Start(ctx context.Context) error {
	var resp *slack.AuthTestResponse
	err := b.call(ctx, "auth.test", func(ctx context.Context) error {
		var err error
		resp, err = b.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("slack auth.test: %w", err)
	}
	b.botUserID, b.botID, b.botName = resp.UserID, resp.BotID, resp.User
	if b.botName == "" {
		b.botName = "checkmail"
	}
	b.log.Info("connected to slack", "bot_user", resp.UserID, "team", resp.TeamID)
	// The workers' context must outlive ctx: Close stops them.
	if err := b.q.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	b.started.Store(true)
	return nil
}

// Close stops the job workers within the shutdown grace: running jobs may
// finish until then; the rest are cancelled and go back to the queue for
// another replica or the next start. Intake must already be stopped. It
// logs how many jobs went back.
func (b *Bot) Close() { b.CloseBy(time.Now().Add(b.opts.ShutdownGrace)) }

// cancelBudget is the part of the grace kept for cancelling the jobs that
// did not finish and returning them to the queue.
const cancelBudget = 3 * time.Second

// CloseBy is Close with the grace ending at deadline.
func (b *Bot) CloseBy(deadline time.Time) {
	b.closeMu.Do(func() {
		b.side.Wait()
		if !b.started.Load() {
			return
		}
		before := b.Metrics.JobsReturned.Load()
		b.stopping.Store(true)
		ctx, cancel := context.WithDeadline(context.Background(), deadline.Add(-cancelBudget))
		err := b.q.Stop(ctx)
		cancel()
		if err != nil {
			// Grace over: cancel what still runs; each such job snoozes
			// itself back into the queue (JobSnooze(0)).
			ctx, cancel := context.WithTimeout(context.Background(), cancelBudget)
			if err := b.q.StopAndCancel(ctx); err != nil {
				b.log.Error("job workers did not stop", "err", err)
			}
			cancel()
		}
		b.log.Info("job workers stopped", "returned_to_queue", b.Metrics.JobsReturned.Load()-before)
	})
}

// ttlCache is a small bounded map with expiry.
type ttlCache struct {
	mu  sync.Mutex
	ttl time.Duration
	max int
	now func() time.Time
	m   map[string]ttlEntry
}

type ttlEntry struct {
	v  any
	at time.Time
}

func newTTLCache(ttl time.Duration, max int, now func() time.Time) *ttlCache {
	return &ttlCache{ttl: ttl, max: max, now: now, m: map[string]ttlEntry{}}
}

func (c *ttlCache) get(k string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || c.now().Sub(e.at) >= c.ttl {
		return nil, false
	}
	return e.v, true
}

func (c *ttlCache) put(k string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.m) >= c.max {
		var oldK string
		var oldT time.Time
		for k2, e := range c.m {
			if now.Sub(e.at) >= c.ttl {
				delete(c.m, k2)
				continue
			}
			if oldK == "" || e.at.Before(oldT) {
				oldK, oldT = k2, e.at
			}
		}
		if len(c.m) >= c.max {
			delete(c.m, oldK)
		}
	}
	c.m[k] = ttlEntry{v, now}
}

// redactingHandler replaces secrets in log messages and attributes.
type redactingHandler struct {
	h       slog.Handler
	secrets []string
}

func newRedactingHandler(h slog.Handler, secrets []string) slog.Handler {
	var s []string
	for _, x := range secrets {
		if len(x) >= 8 {
			s = append(s, x)
		}
	}
	return &redactingHandler{h: h, secrets: s}
}

func (r *redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return r.h.Enabled(ctx, l)
}

func (r *redactingHandler) redact(s string) string {
	for _, x := range r.secrets {
		s = strings.ReplaceAll(s, x, "[redacted]")
	}
	return s
}

func (r *redactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.redact(v.String()))
	case slog.KindGroup:
		var as []any
		for _, g := range v.Group() {
			as = append(as, r.attr(g))
		}
		return slog.Group(a.Key, as...)
	case slog.KindAny:
		return slog.String(a.Key, r.redact(fmt.Sprint(v.Any())))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (r *redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, r.redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(r.attr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r *redactingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = r.attr(a)
	}
	return &redactingHandler{h: r.h.WithAttrs(red), secrets: r.secrets}
}

func (r *redactingHandler) WithGroup(name string) slog.Handler {
	return &redactingHandler{h: r.h.WithGroup(name), secrets: r.secrets}
}
