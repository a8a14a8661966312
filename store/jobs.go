package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Progress is how far a job got with Slack, so that a job resumed after a
// crash or a shutdown finishes the thread it started instead of starting
// another one.
type Progress struct {
	ThreadTS      string // the parent message the job posted ("" if none)
	PlaceholderTS string // its "Analyzing…" message ("" if none)
	CaseID        int64  // the case it created (0 if none)
	Replied       bool   // the final reply is in Slack
}

// maxJobKeyLen bounds a job key.
const maxJobKeyLen = 512

// Progress returns the recorded progress of the job with key (the zero
// Progress when none was recorded).
func (s *Store) Progress(ctx context.Context, key string) (Progress, error) {
	var p Progress
	var replied int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT thread_ts, placeholder_ts, case_id, replied FROM job_progress WHERE job_key = ?`),
		clip(key, maxJobKeyLen)).Scan(&p.ThreadTS, &p.PlaceholderTS, &p.CaseID, &replied)
	if errors.Is(err, sql.ErrNoRows) {
		return Progress{}, nil
	}
	if err != nil {
		return Progress{}, fmt.Errorf("store: progress: %w", err)
	}
	p.Replied = replied != 0
	return p, nil
}

// SaveProgress records the progress of the job with key.
func (s *Store) SaveProgress(ctx context.Context, key string, p Progress) error {
	return s.saveProgress(ctx, s.db, key, p)
}

// execer is a database or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) saveProgress(ctx context.Context, db execer, key string, p Progress) error {
	replied := 0
	if p.Replied {
		replied = 1
	}
	_, err := db.ExecContext(ctx, s.q(`INSERT INTO job_progress (job_key, thread_ts, placeholder_ts, case_id, replied, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (job_key) DO UPDATE SET thread_ts = excluded.thread_ts, placeholder_ts = excluded.placeholder_ts,
		case_id = excluded.case_id, replied = excluded.replied, updated_at = excluded.updated_at`),
		clip(key, maxJobKeyLen), clip(p.ThreadTS, maxFieldLen), clip(p.PlaceholderTS, maxFieldLen), p.CaseID, replied, s.now().UTC().UnixNano())
	if err != nil {
		return fmt.Errorf("store: save progress: %w", err)
	}
	return nil
}

// PruneProgress deletes progress records older than before.
func (s *Store) PruneProgress(ctx context.Context, before time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM job_progress WHERE updated_at < ?`), before.UTC().UnixNano())
	return err
}

// AcquireTallyLease makes owner the only updater of the case's Slack
// message for ttl, unless another owner holds an unexpired lease. It
// reports whether owner holds the lease, and the version last shown.
func (s *Store) AcquireTallyLease(ctx context.Context, caseID int64, owner string, ttl time.Duration) (held bool, shown int64, err error) {
	now := s.now().UTC()
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE cases SET lease_owner = ?, lease_until = ?
		WHERE id = ? AND (lease_owner = '' OR lease_owner = ? OR lease_until < ?)`),
		owner, now.Add(ttl).UnixNano(), caseID, owner, now.UnixNano())
	if err != nil {
		return false, 0, fmt.Errorf("store: tally lease: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, 0, fmt.Errorf("store: tally lease: %w", err)
	}
	if n == 0 {
		if err := s.caseExists(ctx, s.db, caseID); err != nil {
			return false, 0, err
		}
		return false, 0, nil
	}
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT shown_version FROM cases WHERE id = ?`), caseID).Scan(&shown); err != nil {
		return false, 0, fmt.Errorf("store: tally lease: %w", err)
	}
	return true, shown, nil
}

// SetShown records the tally version now shown in Slack, if owner still
// holds the lease and the version is newer than the one recorded.
func (s *Store) SetShown(ctx context.Context, caseID int64, owner string, version int64) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE cases SET shown_version = ? WHERE id = ? AND lease_owner = ? AND shown_version < ?`),
		version, caseID, owner, version)
	if err != nil {
		return fmt.Errorf("store: set shown: %w", err)
	}
	return nil
}

// ReleaseTallyLease gives up owner's lease on the case. Unless force is
// set, the lease is given up only when the version shown is the latest
// (in the same statement, so a vote cannot slip in between): released is
// false when a newer tally must be shown first.
func (s *Store) ReleaseTallyLease(ctx context.Context, caseID int64, owner string, force bool) (released bool, err error) {
	query := `UPDATE cases SET lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ?`
	if !force {
		query += ` AND shown_version >= tally_version`
	}
	res, err := s.db.ExecContext(ctx, s.q(query), caseID, owner)
	if err != nil {
		return false, fmt.Errorf("store: release tally lease: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: release tally lease: %w", err)
	}
	return n > 0, nil
}
