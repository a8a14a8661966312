package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/checkmail/checkmail/config"
	"github.com/checkmail/checkmail/store"
)

// Run is `checkmail serve`: it builds the Slack client from cfg, starts the
// bot in Socket Mode (cfg.SlackAppToken set) or HTTP mode (cfg.Listen),
// and blocks until ctx ends; then it stops intake and stops the job
// workers within cfg.ShutdownGrace (jobs that cannot finish go back to
// the queue).
func Run(ctx context.Context, cfg config.Config, a Analyzer, st *store.Store, logger *slog.Logger) error {
	if err := cfg.ValidateServe(); err != nil {
		return err
	}
	if st == nil {
		return errors.New("bot: a store is required")
	}
	return run(ctx, cfg, a, st, logger, nil)
}

// run is Run with an optional listener (tests pass one to learn the HTTP
// address).
func run(ctx context.Context, cfg config.Config, a Analyzer, st *store.Store, logger *slog.Logger, ln net.Listener) error {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	secrets := []string{cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackSigningSecret}
	apiOpts := []slack.Option{slack.OptionAPIURL(cfg.SlackAPIURL)}
	if cfg.SocketMode() {
		apiOpts = append(apiOpts, slack.OptionAppLevelToken(cfg.SlackAppToken))
	}
	api := slack.New(cfg.SlackBotToken, apiOpts...)
	b, err := New(api, a, st, Options{
		Lang: cfg.Lang, Offline: cfg.Offline, MaxFileBytes: cfg.MaxFileBytes, Workers: cfg.Workers,
		JobDeadline: cfg.JobTimeout, ShutdownGrace: cfg.ShutdownGrace,
		APIURL: cfg.SlackAPIURL, Secrets: secrets,
	}, logger)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = b.Start(sctx)
	cancel()
	if err != nil {
		b.Close()
		return err
	}
	var deadline time.Time
	defer func() { b.CloseBy(deadline) }()
	if cfg.SocketMode() {
		b.log.Info("starting in socket mode")
		if cfg.MetricsListen != "" {
			stop, err := b.serveMetrics(cfg.MetricsListen)
			if err != nil {
				deadline = time.Now().Add(b.opts.ShutdownGrace)
				return err
			}
			defer stop()
		}
		sm := socketmode.New(api, socketmode.OptionLog(slogAdapter{b.log}), socketmode.OptionReadLimit(MaxRequestBody))
		err := b.RunSocketMode(ctx, sm)
		deadline = time.Now().Add(b.opts.ShutdownGrace)
		return err
	}
	return b.serveHTTP(ctx, cfg.Listen, cfg.SlackSigningSecret, ln, &deadline)
}

// serveMetrics serves GET /metrics (and /healthz) on addr in Socket Mode.
func (b *Bot) serveMetrics(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listen %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", b.Metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.log.Info("serving metrics", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

func (b *Bot) serveHTTP(ctx context.Context, addr, secret string, ln net.Listener, deadline *time.Time) error {
	srv := &http.Server{
		Handler:           b.Handler(secret),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	*deadline = time.Now().Add(b.opts.ShutdownGrace)
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", addr); err != nil {
			return fmt.Errorf("listen %s: %w", addr, err)
		}
	}
	b.log.Info("starting in HTTP mode", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		*deadline = time.Now().Add(b.opts.ShutdownGrace)
		return err
	case <-ctx.Done():
	}
	// Stop intake first (requests in progress finish: they only insert
	// jobs), then the workers, all within the grace period.
	*deadline = time.Now().Add(b.opts.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), b.opts.ShutdownGrace/5)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// slogAdapter lets slack-go's socketmode log through slog (debug level).
type slogAdapter struct{ l *slog.Logger }

func (s slogAdapter) Output(_ int, msg string) error {
	s.l.Debug("socketmode", "msg", msg)
	return nil
}
