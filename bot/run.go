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
// and blocks until ctx ends; then it stops taking work and drains the jobs
// in flight. st may be nil only in tests that never reach the store.
func Run(ctx context.Context, cfg config.Config, a Analyzer, st *store.Store, logger *slog.Logger) error {
	if err := cfg.ValidateServe(); err != nil {
		return err
	}
	if st == nil {
		return errors.New("bot: a store is required")
	}
	return run(ctx, cfg, a, st, logger, nil)
}

// run is Run with the store as an interface and an optional listener (tests
// pass one to learn the HTTP address).
func run(ctx context.Context, cfg config.Config, a Analyzer, st Store, logger *slog.Logger, ln net.Listener) error {
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
		APIURL: cfg.SlackAPIURL, Secrets: secrets,
	}, logger)
	if err != nil {
		return err
	}
	defer b.Close()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = b.Start(sctx)
	cancel()
	if err != nil {
		return err
	}
	if cfg.SocketMode() {
		b.log.Info("starting in socket mode")
		sm := socketmode.New(api, socketmode.OptionLog(slogAdapter{b.log}), socketmode.OptionReadLimit(MaxRequestBody))
		return b.RunSocketMode(ctx, sm)
	}
	return b.serveHTTP(ctx, cfg.Listen, cfg.SlackSigningSecret, ln)
}

func (b *Bot) serveHTTP(ctx context.Context, addr, secret string, ln net.Listener) error {
	srv := &http.Server{
		Handler:           b.Handler(secret),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
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
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
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
