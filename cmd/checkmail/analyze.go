package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/team"
	"github.com/checkmail/checkmail/analysis/textreport"
	"github.com/checkmail/checkmail/bot/render"
	"github.com/checkmail/checkmail/config"
	"github.com/checkmail/checkmail/store"
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
	// With CHECKMAIL_DB set, the team's earlier decisions in that store
	// are evidence too (read only; nothing is written).
	var history team.History
	if getenv("CHECKMAIL_DB") != "" {
		st, err := store.Open(ctx, cfg.DB)
		if err != nil {
			fmt.Fprintf(stderr, "checkmail: opening the triage store %s: %v\n", cfg.DB, err)
			return 2
		}
		defer st.Close()
		history = st
	}
	a, closeDeps, err := newAnalyzer(cfg, history)
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
	prog := newProgress(stderr)
	code := 0
	failed := false
	analyzeAll(ctx, a, files, stdin, analysis.Options{Lang: *lang, Offline: cfg.Offline}, func(it mailItem, rep *report.Report, err error) bool {
		prog.clear()
		defer prog.tick()
		if err != nil {
			c := 1
			if errors.Is(err, analysis.ErrInput) {
				c = 2
			}
			code = max(code, c)
			fmt.Fprintf(stderr, "checkmail: %s: %v\n", it.label(), err)
			if *format == "jsonl" {
				out.errorLine(it, err)
			}
			return true
		}
		if err := out.report(rep, it.index); err != nil {
			fmt.Fprintf(stderr, "checkmail: writing output: %v\n", err)
			failed = true
			return false
		}
		return true
	})
	prog.done()
	if failed {
		return 1
	}
	return code
}

// output writes reports in one format; several text reports are separated
// by a blank line, several json reports form a stream of objects.
type output struct {
	w      io.Writer
	format string
	lang   string
	n      int
}

// located is a report with its position in an mbox.
type located struct {
	*report.Report
	Index int `json:"index,omitempty"` // 1-based message number in the mbox named by "file"
}

// report writes one report; index is the message's position in an mbox
// (0 for a file that is one mail).
func (o *output) report(r *report.Report, index int) error {
	defer func() { o.n++ }()
	switch o.format {
	case "text":
		if o.n > 0 {
			fmt.Fprintln(o.w)
		}
		if index > 0 {
			c := *r
			name := r.File
			if name == "" {
				name = "stdin"
			}
			c.File = fmt.Sprintf("%s #%d", name, index)
			r = &c
		}
		return textreport.Render(o.w, r, o.lang)
	case "json":
		enc := json.NewEncoder(o.w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(located{r, index})
	case "jsonl":
		enc := json.NewEncoder(o.w)
		enc.SetEscapeHTML(false)
		return enc.Encode(located{r, index})
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

func (o *output) errorLine(it mailItem, err error) {
	b, _ := json.Marshal(struct {
		File  string `json:"file"`
		Index int    `json:"index,omitempty"`
		Error string `json:"error"`
	}{it.name, it.index, err.Error()})
	fmt.Fprintf(o.w, "%s\n", b)
}
