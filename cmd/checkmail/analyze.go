package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/textreport"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/config"
)

func runAnalyze(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json, jsonl or slack")
	offline := fs.Bool("offline", false, "no network lookups (GeoIP files are still read)")
	lang := fs.String("lang", "", "language of the report: en or ja (default CHECKMAIL_LANG or en)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch *format {
	case "text", "json", "jsonl", "slack":
	default:
		fmt.Fprintf(stderr, "checkmail: unknown --format %q (want text, json, jsonl or slack)\n", *format)
		return 2
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "checkmail: configuration: %v\n", err)
		return 2
	}
	if *lang == "" {
		*lang = cfg.Lang
	}
	if *lang != "en" && *lang != "ja" {
		fmt.Fprintf(stderr, "checkmail: unknown --lang %q (want en or ja)\n", *lang)
		return 2
	}
	cfg.Offline = cfg.Offline || *offline
	a, closeDeps, err := newAnalyzer(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "checkmail: %v\n", err)
		return 1
	}
	defer closeDeps()

	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	out := &output{w: stdout, format: *format, lang: *lang}
	code := 0
	for _, name := range files {
		rep, err := analyzeFile(ctx, a, name, stdin, analysis.Options{File: name, Lang: *lang, Offline: cfg.Offline})
		if err != nil {
			c := 1
			if errors.Is(err, analysis.ErrInput) {
				c = 2
			}
			code = max(code, c)
			fmt.Fprintf(stderr, "checkmail: %s: %v\n", name, err)
			if *format == "jsonl" {
				out.errorLine(name, err)
			}
			continue
		}
		if err := out.report(rep); err != nil {
			fmt.Fprintf(stderr, "checkmail: writing output: %v\n", err)
			return 1
		}
	}
	return code
}

func analyzeFile(ctx context.Context, a *analysis.Analyzer, name string, stdin io.Reader, o analysis.Options) (*report.Report, error) {
	if name == "-" {
		o.File = ""
		return a.Analyze(ctx, stdin, o)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", analysis.ErrInput, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%w: is a directory", analysis.ErrInput)
	}
	return a.Analyze(ctx, f, o)
}

// output writes reports in one format; several text reports are separated
// by a blank line, several json reports form a stream of objects.
type output struct {
	w      io.Writer
	format string
	lang   string
	n      int
}

func (o *output) report(r *report.Report) error {
	defer func() { o.n++ }()
	switch o.format {
	case "text":
		if o.n > 0 {
			fmt.Fprintln(o.w)
		}
		return textreport.Render(o.w, r, o.lang)
	case "json":
		enc := json.NewEncoder(o.w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "jsonl":
		enc := json.NewEncoder(o.w)
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	case "slack":
		b, err := render.Payload(r, render.Options{Lang: o.lang})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(o.w, "%s\n", b)
		return err
	}
	return fmt.Errorf("unknown format %q", o.format)
}

func (o *output) errorLine(name string, err error) {
	b, _ := json.Marshal(struct {
		File  string `json:"file"`
		Error string `json:"error"`
	}{name, err.Error()})
	fmt.Fprintf(o.w, "%s\n", b)
}
