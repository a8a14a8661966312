// Package analysis turns one raw mail (or pasted headers) into a Report with
// an explained verdict. It has no Slack in it: the CLI and the bot call
// Analyze and render the Report themselves.
package analysis

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/checkmail/checkmail/analysis/brands"
	"github.com/checkmail/checkmail/analysis/brands/phrase"
	"github.com/checkmail/checkmail/analysis/lookup"
	"github.com/checkmail/checkmail/analysis/lures"
	"github.com/checkmail/checkmail/analysis/message"
	"github.com/checkmail/checkmail/analysis/received"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/analysis/scams"
	"github.com/checkmail/checkmail/analysis/team"
)

// Lookuper runs the network lookups for one mail (lookup.Service).
type Lookuper interface {
	Run(ctx context.Context, req lookup.Request) lookup.Result
}

// Deps are the analyzer's dependencies. Zero values get sane defaults.
type Deps struct {
	Lookups         Lookuper // nil: no lookups at all (reported as skipped)
	Brands          *brands.Table
	Lures           *lures.Set
	Trust           received.Trust
	TrustedAuthserv []string // extra authserv-ids (CHECKMAIL_TRUSTED_AUTHSERV)
	// Team is the team's earlier decisions (the triage store); nil: none.
	Team   team.History
	Limits message.Limits
	Now    func() time.Time
}

// Analyzer analyzes mail. It is safe for concurrent use.
type Analyzer struct {
	deps Deps
	// body is the union of the matchers that search a mail's body (the
	// brands, the lures and the scams), so that one pass finds all their
	// phrases; nil: each searches on its own.
	body *phrase.Matcher
}

// New returns an Analyzer with defaults filled in.
func New(d Deps) *Analyzer {
	if d.Brands == nil {
		d.Brands = brands.Default()
	}
	if d.Lures == nil {
		d.Lures = lures.Default()
	}
	if d.Trust.Networks == nil && d.Trust.HostSuffixes == nil {
		d.Trust = received.DefaultTrust()
	}
	if d.Limits == (message.Limits{}) {
		d.Limits = message.DefaultLimits()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	// Too many phrases for one matcher (a large custom lure set) only
	// costs the shared pass: nil leaves each matcher on its own.
	body, _ := phrase.Union(d.Brands.StrictMatcher(), d.Lures.Matcher(), scams.Matcher())
	return &Analyzer{deps: d, body: body}
}

// Analyze reads one input (bounded by Limits.MaxBytes) and analyzes it.
// Errors wrapping ErrInput are the input's fault; others are internal.
func (a *Analyzer) Analyze(ctx context.Context, r io.Reader, o Options) (*report.Report, error) {
	max := a.deps.Limits.MaxBytes
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading input: %v", ErrInput, err)
	}
	if n > int64(max) {
		return nil, fmt.Errorf("%w: %v", ErrInput, &message.LimitError{What: "input", Limit: max, Got: int(n)})
	}
	return a.AnalyzeBytes(ctx, buf.Bytes(), o)
}

// AnalyzeBytes analyzes raw input already in memory.
func (a *Analyzer) AnalyzeBytes(ctx context.Context, raw []byte, o Options) (rep *report.Report, err error) {
	defer func() {
		// A parser bug must not take the bot down: report it as internal.
		if p := recover(); p != nil {
			rep, err = nil, fmt.Errorf("internal error while analyzing: %v", p)
		}
	}()
	raw, notes, err := prepareInput(raw, a.deps.Limits)
	if err != nil {
		return nil, err
	}
	msg, err := message.Parse(raw, a.deps.Limits)
	if err != nil {
		// Parse fails only for the input's sake: a bound crossed
		// (*message.LimitError) or no header at all (message.ErrNoHeaders).
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	msg.Notes = append(notes, msg.Notes...)
	return a.analyze(ctx, msg, raw, o), nil
}
