package bot

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/checkmail/checkmail/store"
)

// River queues: analyses, and votes in a lane of their own so a click
// never waits behind an analysis.
const (
	queueAnalyses = "analyses"
	queueVotes    = "votes"
)

// analyzeArgs is one analysis job. Key is Slack's key for the request
// (channel+ts of a message, trigger_id of a command…): a retry or another
// replica's copy of the same request inserts nothing.
type analyzeArgs struct {
	Key string    `json:"key" river:"unique"`
	Req request   `json:"req"`
	At  time.Time `json:"at"` // when the request arrived
}

func (analyzeArgs) Kind() string { return "checkmail_analyze" }

func (analyzeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueAnalyses, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// voteArgs is one click on a decision button (Key: action_ts+user).
type voteArgs struct {
	Key     string          `json:"key" river:"unique"`
	CaseID  int64           `json:"case"`
	User    string          `json:"user"`
	Choice  string          `json:"choice"`
	Channel string          `json:"channel"`
	TS      string          `json:"ts"` // the result message
	Text    string          `json:"text"`
	Blocks  json.RawMessage `json:"blocks"` // the result message's blocks
	// ActionTS is Slack's time of the click; At when the replica got it.
	ActionTS string    `json:"action_ts,omitempty"`
	At       time.Time `json:"at"`
}

func (voteArgs) Kind() string { return "checkmail_vote" }

func (voteArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueVotes, MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// reportArgs is one click on "Full report".
type reportArgs struct {
	Key     string `json:"key" river:"unique"`
	CaseID  int64  `json:"case"`
	User    string `json:"user"`
	Channel string `json:"channel"`
}

func (reportArgs) Kind() string { return "checkmail_full_report" }

func (reportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueVotes, MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// jobQueue is the part of a River client the bot uses (whatever its
// driver's transaction type).
type jobQueue interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// riverTimeouts are River's job timeout and stuck-job rescue delay for a
// job deadline: a job of a replica that died is rescued (made available
// to every replica again) this long after it started.
func riverTimeouts(jobDeadline time.Duration) (timeout, rescue time.Duration) {
	timeout = jobDeadline + jobDeadline/4 + time.Second
	return timeout, timeout + 2*time.Second
}

// newQueue migrates River's tables in the store's database and returns a
// client with the bot's workers (not started).
func newQueue(ctx context.Context, st *store.Store, b *Bot) (jobQueue, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(b.workAnalyze))
	river.AddWorker(workers, river.WorkFunc(b.workVote))
	river.AddWorker(workers, river.WorkFunc(b.workReport))
	timeout, rescue := riverTimeouts(b.opts.JobDeadline)
	cfg := &river.Config{
		Queues: map[string]river.QueueConfig{
			queueAnalyses: {MaxWorkers: b.opts.Workers},
			queueVotes:    {MaxWorkers: b.opts.VoteWorkers},
		},
		Workers:              workers,
		JobTimeout:           timeout,
		RescueStuckJobsAfter: rescue,
		FetchCooldown:        10 * time.Millisecond,
		FetchPollInterval:    b.opts.PollInterval,
		Logger:               slog.New(newLevelHandler(b.log.Handler(), slog.LevelWarn)),
		ErrorHandler:         &riverErrors{b},
	}
	switch st.Dialect() {
	case store.Postgres:
		drv := riverpgxv5.New(st.PgxPool())
		if err := migratePostgres(ctx, st, drv); err != nil {
			return nil, err
		}
		return river.NewClient(drv, cfg)
	default:
		drv := riversqlite.New(st.DB())
		if err := migrateSQLite(ctx, st.DB(), drv); err != nil {
			return nil, err
		}
		return river.NewClient(drv, cfg)
	}
}

// riverLock serialises River migrations of replicas starting together.
const riverLock = 0x636b7276 // "ckrv"

func migratePostgres(ctx context.Context, st *store.Store, drv *riverpgxv5.Driver) error {
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	// River's migrations each need their own transaction (enum changes):
	// hold a session lock on one connection while they run on others.
	conn, err := st.PgxPool().Acquire(ctx)
	if err != nil {
		return fmt.Errorf("job queue: migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, riverLock); err != nil {
		return fmt.Errorf("job queue: migrate: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverLock) }()
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue: migrate: %w", err)
	}
	return nil
}

func migrateSQLite(ctx context.Context, db *sql.DB, drv *riversqlite.Driver) error {
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (the store's DSN): one migrator at a time
	if err != nil {
		return fmt.Errorf("job queue: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue: migrate: %w", err)
	}
	return tx.Commit()
}

// riverErrors logs jobs that errored or panicked in River.
type riverErrors struct{ b *Bot }

func (r *riverErrors) HandleError(_ context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	r.b.log.Warn("job failed; River retries it", "kind", job.Kind, "attempt", job.Attempt, "err", err)
	return nil
}

func (r *riverErrors) HandlePanic(_ context.Context, job *rivertype.JobRow, v any, _ string) *river.ErrorHandlerResult {
	r.b.Metrics.AnalysesPanicked.Add(1)
	r.b.log.Error("job panicked", "kind", job.Kind, "panic", fmt.Sprint(v))
	return nil
}

// insert commits a job; it reports whether the job is new (false: the
// same Slack request was already queued or done, here or on another
// replica).
func (b *Bot) insert(ctx context.Context, args river.JobArgs) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	res, err := b.q.Insert(ctx, args, nil)
	if err != nil {
		b.log.Error("job insert failed", "kind", args.Kind(), "err", err)
		return false, err
	}
	if res.UniqueSkippedAsDuplicate {
		b.Metrics.DedupHits.Add(1)
		return false, nil
	}
	return true, nil
}

// pendingJobs counts jobs not finished (queue depth, plus running).
func (b *Bot) pendingJobs(ctx context.Context) (int, error) {
	var n int
	err := b.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE state IN ('available', 'pending', 'retryable', 'scheduled', 'running')`).Scan(&n)
	return n, err
}

var errShutdown = errors.New("bot: shutting down")

// levelHandler drops records below a minimum level.
type levelHandler struct {
	slog.Handler
	min slog.Level
}

func newLevelHandler(h slog.Handler, min slog.Level) slog.Handler { return &levelHandler{h, min} }

func (l *levelHandler) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}

func (l *levelHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &levelHandler{l.Handler.WithAttrs(as), l.min}
}

func (l *levelHandler) WithGroup(name string) slog.Handler {
	return &levelHandler{l.Handler.WithGroup(name), l.min}
}
