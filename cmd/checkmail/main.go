// Command checkmail analyzes suspicious mail from the command line
// (`checkmail analyze`) or runs the Slack bot (`checkmail serve`).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `usage:
  checkmail analyze [--format text|json|jsonl|slack] [--offline] [--lang en|ja] [FILE…|-]
  checkmail serve
  checkmail cases [--format text|json|jsonl] [--since 24h|2026-11-30]
  checkmail version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and returns the exit code: 0 done, 2 usage or
// unreadable input, 1 internal error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "analyze":
		return runAnalyze(ctx, args[1:], stdin, stdout, stderr, getenv)
	case "serve":
		return runServe(ctx, args[1:], stderr, getenv)
	case "cases":
		return runCases(ctx, args[1:], stdout, stderr, getenv)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "checkmail", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "checkmail: unknown command %q\n%s", args[0], usage)
	return 2
}
