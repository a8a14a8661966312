package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/mattn/go-isatty"
)

// analyzeAll analyzes the mails of the arguments on all cores and hands
// each result to write in input order. At most a few mails per core are
// held in memory at once: an mbox is read as it is analyzed. write
// returning false stops the run.
func analyzeAll(ctx context.Context, a *analysis.Analyzer, args []string, stdin io.Reader, o analysis.Options,
	write func(it mailItem, rep *report.Report, err error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))

	type result struct {
		rep *report.Report
		err error
	}
	type job struct {
		it   mailItem
		done chan result
	}
	order := make(chan *job, 2*workers) // jobs in input order, waiting to be written
	work := make(chan *job)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				opt := o
				opt.File = j.it.name
				if j.it.name == "-" {
					opt.File = ""
				}
				rep, err := a.Analyze(ctx, bytes.NewReader(j.it.data), opt)
				j.done <- result{rep, err}
			}
		}()
	}

	go func() {
		defer close(order)
		defer close(work)
		src := &mailSource{ctx: ctx, stdin: stdin, max: message.DefaultLimits().MaxBytes}
		src.emit = func(it mailItem) bool {
			j := &job{it: it, done: make(chan result, 1)}
			if it.err != nil {
				j.done <- result{nil, it.err}
			}
			select {
			case order <- j:
			case <-ctx.Done():
				return false
			}
			if it.err != nil {
				return true
			}
			select {
			case work <- j:
				return true
			case <-ctx.Done():
				j.done <- result{nil, ctx.Err()}
				return false
			}
		}
		src.args(args)
	}()

	stopped := false
	for j := range order {
		if stopped {
			continue // drain: the producer and workers end on the cancelled context
		}
		r := <-j.done
		if !write(j.it, r.rep, r.err) {
			stopped = true
			cancel()
		}
	}
	wg.Wait()
}

// progress shows "N messages analyzed" on stderr while a long run goes on,
// only when stderr is a terminal.
type progress struct {
	w     io.Writer
	on    bool
	n     int
	start time.Time
	last  time.Time
	shown bool
}

// progressAfter is how many messages make a run long enough to show progress.
const progressAfter = 20

func newProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	on := ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
	return &progress{w: stderr, on: on, start: time.Now()}
}

// clear erases the progress line before something else is written.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// tick counts one message and redraws at most five times a second.
func (p *progress) tick() {
	p.n++
	if !p.on || p.n < progressAfter {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	rate := float64(p.n) / now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "\r\033[Kcheckmail: %d messages analyzed (%.0f/s)", p.n, rate)
	p.shown = true
}

func (p *progress) done() {
	p.clear()
	if p.on && p.n >= progressAfter {
		fmt.Fprintf(p.w, "checkmail: %d messages analyzed in %s\n", p.n, time.Since(p.start).Round(100*time.Millisecond))
	}
}
