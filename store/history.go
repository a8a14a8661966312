package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/checkmail/checkmail/analysis/team"
)

// The store is the team's history for the analysis.
var _ team.History = (*Store)(nil)

// maxHistoryCases bounds how many cases one Decisions call reads.
const maxHistoryCases = 10000

// Decisions counts the cases in which domain (an organizational domain)
// was the sender's domain or the domain of a link, by the team's decision
// (the plurality of the votes; ties and "not sure" count in neither), with
// the IDs of those cases, newest first, at most team.MaxCases.
func (s *Store) Decisions(ctx context.Context, domain string) (team.Record, error) {
	d := normHost(domain)
	rec := team.Record{Domain: d}
	if d == "" || len(d) > maxKeyLen {
		return rec, nil
	}
	// Link domains are stored as hosts: a host belongs to d when it is d
	// or ends in "."+d (unless d is itself a public suffix).
	linkCond := `value = ?`
	args := []any{KindSenderDomain, d, KindLinkDomain, d}
	if suffix, _ := publicsuffix.PublicSuffix(d); suffix != d {
		linkCond = `(value = ? OR value LIKE ? ESCAPE '\')`
		args = append(args, "%."+likeEscape(d))
	}
	args = append(args, maxHistoryCases)
	query := `SELECT c.id,
			SUM(CASE WHEN v.choice = 'phishing' THEN 1 ELSE 0 END),
			SUM(CASE WHEN v.choice = 'legitimate' THEN 1 ELSE 0 END),
			SUM(CASE WHEN v.choice = 'not_sure' THEN 1 ELSE 0 END)
		FROM cases c JOIN votes v ON v.case_id = c.id
		WHERE c.id IN (SELECT case_id FROM case_keys WHERE (kind = ? AND value = ?) OR (kind = ? AND ` + linkCond + `))
		GROUP BY c.id, c.created_at
		ORDER BY c.created_at DESC, c.id DESC
		LIMIT ?`
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return rec, fmt.Errorf("store: decisions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, p, l, n int64
		if err := rows.Scan(&id, &p, &l, &n); err != nil {
			return rec, fmt.Errorf("store: decisions: %w", err)
		}
		switch decide(int(p), int(l), int(n)) {
		case Phishing:
			rec.Phishing++
		case Legitimate:
			rec.Legitimate++
		default:
			continue
		}
		if len(rec.Cases) < team.MaxCases {
			rec.Cases = append(rec.Cases, id)
		}
	}
	if err := rows.Err(); err != nil {
		return rec, fmt.Errorf("store: decisions: %w", err)
	}
	return rec, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CaseRecord is one stored case with its votes, as `checkmail cases`
// lists it.
type CaseRecord struct {
	Case  Case
	Tally Tally
}

// MaxListCases bounds one ListCases call.
const MaxListCases = 100000

// ListCases returns the cases created at or after since (all when since is
// zero), oldest first, at most limit (<= 0 or over MaxListCases means
// MaxListCases), each with its tally.
func (s *Store) ListCases(ctx context.Context, since time.Time, limit int) ([]CaseRecord, error) {
	if limit <= 0 || limit > MaxListCases {
		limit = MaxListCases
	}
	var from int64
	if !since.IsZero() {
		from = since.UTC().UnixNano()
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id FROM cases WHERE created_at >= ? ORDER BY created_at, id LIMIT ?`), from, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list cases: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list cases: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list cases: %w", err)
	}
	out := make([]CaseRecord, 0, len(ids))
	for _, id := range ids {
		c, err := s.loadCase(ctx, s.db, id)
		if err != nil {
			continue // deleted meanwhile
		}
		t, err := s.tally(ctx, s.db, id)
		if err != nil {
			return nil, fmt.Errorf("store: list cases: %w", err)
		}
		out = append(out, CaseRecord{Case: c, Tally: t})
	}
	return out, nil
}
