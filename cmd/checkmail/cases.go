package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/checkmail/checkmail/config"
	"github.com/checkmail/checkmail/store"
)

// caseJSON is one case as `checkmail cases` prints it.
type caseJSON struct {
	ID       int64             `json:"id"`
	Channel  string            `json:"channel"`
	ThreadTS string            `json:"thread_ts"`
	Created  time.Time         `json:"created"`
	Verdict  string            `json:"verdict"`
	Decision string            `json:"decision"` // "" when undecided (no votes or a tie)
	Votes    map[string]string `json:"votes"`    // user → phishing|legitimate|not_sure
}

// runCases is `checkmail cases`: the stored cases of CHECKMAIL_DB (SQLite
// or Postgres) with the team's decision and every vote.
func runCases(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("cases", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json or jsonl")
	sinceFlag := fs.String("since", "", "only cases created since a time (2026-11-30, RFC 3339) or a duration ago (24h)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "checkmail cases: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	switch *format {
	case "text", "json", "jsonl":
	default:
		fmt.Fprintf(stderr, "checkmail cases: --format must be text, json or jsonl, got %q\n", *format)
		return 2
	}
	since, err := parseSince(*sinceFlag, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "checkmail cases: --since: %v\n", err)
		return 2
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "checkmail: configuration: %v\n", err)
		return 2
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		fmt.Fprintf(stderr, "checkmail cases: %v\n", err)
		if errors.Is(err, store.ErrUnsupportedDSN) {
			return 2
		}
		return 1
	}
	defer st.Close()
	recs, err := st.ListCases(ctx, since, 0)
	if err != nil {
		fmt.Fprintf(stderr, "checkmail cases: %v\n", err)
		return 1
	}
	out := make([]caseJSON, 0, len(recs))
	for _, r := range recs {
		votes := r.Tally.Votes
		if votes == nil {
			votes = map[string]string{}
		}
		out = append(out, caseJSON{ID: r.Case.ID, Channel: r.Case.Channel, ThreadTS: r.Case.ThreadTS, Created: r.Case.CreatedAt.UTC(),
			Verdict: r.Case.Verdict, Decision: r.Tally.Decision, Votes: votes})
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(out)
	case "jsonl":
		enc := json.NewEncoder(stdout)
		for _, c := range out {
			if err = enc.Encode(c); err != nil {
				break
			}
		}
	default:
		err = writeCasesText(stdout, out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "checkmail cases: %v\n", err)
		return 1
	}
	return 0
}

func writeCasesText(w io.Writer, cs []caseJSON) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tCHANNEL\tTHREAD\tVERDICT\tDECISION\tVOTES")
	for _, c := range cs {
		users := make([]string, 0, len(c.Votes))
		for u := range c.Votes {
			users = append(users, u)
		}
		sort.Strings(users)
		var vs []string
		for _, u := range users {
			vs = append(vs, u+"="+c.Votes[u])
		}
		decision := c.Decision
		if decision == "" {
			decision = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Created.Format(time.RFC3339), clean(c.Channel), clean(c.ThreadTS),
			clean(c.Verdict), decision, clean(strings.Join(vs, " ")))
	}
	return tw.Flush()
}

// clean keeps control characters from the store out of the terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

// parseSince reads --since: empty (all), a duration ago, a date or an
// RFC 3339 time.
func parseSince(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("want a date (2026-11-30), an RFC 3339 time or a duration (24h), got %q", v)
}
