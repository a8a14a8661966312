// Package team is the seam between the analysis and the team's own earlier
// decisions: the triage store (bot, or the CLI with CHECKMAIL_DB) implements
// History, and ownership resolution reads it as evidence that a phisher
// cannot write.
package team

import "context"

// Record is what the team decided earlier about cases that involved one
// organizational domain (as sender or as a link).
type Record struct {
	Domain string
	// Legitimate and Phishing count the cases the team decided that way
	// (a case's decision is its vote majority; ties and "not sure" count
	// in neither).
	Legitimate int
	Phishing   int
	// Cases are the IDs of those cases, newest first, at most MaxCases.
	Cases []int64
}

// MaxCases bounds Record.Cases.
const MaxCases = 5

// Decided reports whether the record holds any decision at all.
func (r Record) Decided() bool { return r.Legitimate+r.Phishing > 0 }

// History answers what the team decided about a domain. Implementations
// must be safe for concurrent use and honour ctx; an error is reported as an
// unavailable lookup, never as a decision.
type History interface {
	Decisions(ctx context.Context, domain string) (Record, error)
}
