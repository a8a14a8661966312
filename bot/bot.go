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
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/dedupe"
	"github.com/checkmail/checkmail/bot/metrics"
	"github.com/checkmail/checkmail/bot/ratelimit"
	"github.com/checkmail/checkmail/store"
)

// Analyzer analyzes one mail. Errors wrapping analysis.ErrInput mean the
// input is not a mail; other errors are internal.
type Analyzer interface {
	Analyze(ctx context.Context, r io.Reader, o analysis.Options) (*report.Report, error)
}

// Store is the part of *store.Store the bot uses (the triage history).
type Store interface {
	CreateCase(ctx context.Context, c store.Case) (int64, error)
	SetReply(ctx context.Context, id int64, replyTS, permalink string) error
	Case(ctx context.Context, id int64) (store.Case, error)
	Vote(ctx context.Context, caseID int64, user, choice string) (store.Tally, error)
	Tally(ctx context.Context, caseID int64) (store.Tally, error)
	Related(ctx context.Context, k store.Keys, excludeID int64, limit int) ([]store.Related, error)
	SaveReport(ctx context.Context, caseID int64, report []byte) error
	Report(ctx context.Context, caseID int64) ([]byte, error)
}

// Options tune the bot. Zero values take the defaults noted.
type Options struct {
	Lang          string        // en|ja; default en
	Offline       bool          // analyses run without network lookups
	MaxFileBytes  int64         // download cap; default 25 MiB
	Workers       int           // concurrent analyses; default 4
	QueueSize     int           // queued jobs before "busy"; default 64
	RatePerMinute int           // analyses per user per minute; default 10
	DrainTimeout  time.Duration // shutdown grace for jobs in flight; default 30s
	MaxRelated    int           // related cases shown; default 5
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
		o.Workers = 4
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 64
	}
	if o.RatePerMinute <= 0 {
		o.RatePerMinute = 10
	}
	if o.DrainTimeout <= 0 {
		o.DrainTimeout = 30 * time.Second
	}
	if o.MaxRelated <= 0 {
		o.MaxRelated = 5
	}
	if o.APIURL == "" {
		o.APIURL = slack.APIURL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Bot handles Slack traffic. Create it with New, call Start once (auth.test),
// feed it through Socket Mode (RunSocketMode) or HTTP (Handler), and Close it
// to drain jobs in flight.
type Bot struct {
	api  *slack.Client
	an   Analyzer
	st   Store
	log  *slog.Logger
	opts Options

	// Metrics are the counters /metrics exposes.
	Metrics *metrics.Counters

	botUserID, botID string
	botName          string
	apiHost          *url.URL

	events  *dedupe.Set // event_id
	msgs    *dedupe.Set // channel+ts
	clicks  *dedupe.Set // full_report clicks per case
	limiter *ratelimit.Limiter
	locales *ttlCache
	caseMu  stripedMutex

	pool *pool
	side sync.WaitGroup // short side tasks (views.open) outside the pool
}

// New returns a bot. logger may be nil (discard).
func New(api *slack.Client, a Analyzer, st Store, o Options, logger *slog.Logger) (*Bot, error) {
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
		Metrics: &metrics.Counters{},
		apiHost: u,
		events:  dedupe.New(time.Hour, 10000, o.Now),
		msgs:    dedupe.New(time.Hour, 10000, o.Now),
		clicks:  dedupe.New(30*time.Second, 1000, o.Now),
		limiter: ratelimit.New(o.RatePerMinute, time.Minute, 10000, o.Now),
		locales: newTTLCache(time.Hour, 2000, o.Now),
		botName: "checkmail",
	}
	b.pool = newPool(o.Workers, o.QueueSize, b.Metrics, func(p any) {
		b.Metrics.AnalysesPanicked.Add(1)
		b.log.Error("job panicked", "panic", fmt.Sprint(p))
	})
	return b, nil
}

// Start learns the bot's own identity (auth.test) so its messages are
// ignored.
func (b *Bot) Start(ctx context.Context) error {
	resp, err := b.api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("slack auth.test: %w", err)
	}
	b.botUserID, b.botID, b.botName = resp.UserID, resp.BotID, resp.User
	if b.botName == "" {
		b.botName = "checkmail"
	}
	b.log.Info("connected to slack", "bot_user", resp.UserID, "team", resp.TeamID)
	return nil
}

// Close stops taking jobs and waits for jobs in flight (up to DrainTimeout;
// then their contexts are cancelled and Close waits for them to return).
func (b *Bot) Close() {
	b.side.Wait()
	b.pool.close(b.opts.DrainTimeout)
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

// stripedMutex serialises work per case (vote → tally → chat.update) so the
// last update always carries the latest tally.
type stripedMutex struct{ mu [64]sync.Mutex }

func (s *stripedMutex) lock(id int64) func() {
	m := &s.mu[uint64(id)%uint64(len(s.mu))]
	m.Lock()
	return m.Unlock
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
