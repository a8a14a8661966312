package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/checkmail/checkmail/bot"
	"github.com/checkmail/checkmail/config"
	"github.com/checkmail/checkmail/store"
)

func runServe(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := config.Load(getenv)
	if err == nil {
		err = cfg.ValidateServe()
	}
	if err != nil {
		fmt.Fprintf(stderr, "checkmail: configuration: %v\n", err)
		return 2
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		logger.Error("opening the triage store", "db", cfg.DB, "err", err)
		return 1
	}
	defer st.Close()
	// The team's earlier decisions are evidence in every new analysis.
	a, closeDeps, err := newAnalyzer(cfg, st)
	if err != nil {
		logger.Error("starting analyzer", "err", err)
		return 1
	}
	defer closeDeps()
	if err := bot.Run(ctx, cfg, a, st, logger); err != nil {
		logger.Error("bot stopped", "err", err)
		return 1
	}
	return 0
}
