package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Errors callers may test with errors.Is.
var (
	// ErrNotFound: no case with that ID.
	ErrNotFound = errors.New("store: case not found")
	// ErrInvalidVote: the choice is not Phishing, Legitimate or NotSure, or
	// the user ID is empty or too long.
	ErrInvalidVote = errors.New("store: invalid vote")
	// ErrTooLarge: a report over MaxReportBytes.
	ErrTooLarge = errors.New("store: report too large")
	// ErrUnsupportedDSN: the DSN names a database this build cannot use.
	ErrUnsupportedDSN = errors.New("store: unsupported database")
)

// Vote choices.
const (
	Phishing   = "phishing"
	Legitimate = "legitimate"
	NotSure    = "not_sure"
)

// Bounds on what one case stores. Values past a bound are dropped (lists) or
// cut (strings), so hostile reports cannot bloat the database.
const (
	MaxLinkDomains      = 20
	MaxAttachmentHashes = 50
	MaxReportBytes      = 4 << 20 // one stored report (JSON)
	maxKeyLen           = 512     // bytes per key value
	maxSubjectRunes     = 1000    // runes of subject kept
	maxFieldLen         = 1024    // bytes of channel, ts, permalink, verdict
	maxUserLen          = 255     // bytes of a voter's user ID
	defaultRelatedLimit = 5
	maxRelatedLimit     = 50
	busyTimeoutMS       = 5000
)

// Dialect names the database behind a Store.
type Dialect int

// The databases a Store can use.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Store is the triage history. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	pool    *pgxpool.Pool // Postgres only
	dialect Dialect
	now     func() time.Time
}

// Dialect is the database in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB is the database handle (SQLite, or Postgres through pgx's stdlib);
// the job queue shares it.
func (s *Store) DB() *sql.DB { return s.db }

// PgxPool is the pgx pool behind DB for Postgres, nil for SQLite.
func (s *Store) PgxPool() *pgxpool.Pool { return s.pool }

// q turns a query written with ? placeholders into the dialect's form.
func (s *Store) q(query string) string {
	if s.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Case is one analyzed mail posted to Slack.
type Case struct {
	ID        int64
	Channel   string
	ThreadTS  string
	Permalink string
	Subject   string
	Verdict   string
	Score     int
	Keys      Keys
	CreatedAt time.Time
	ReplyTS   string // the bot's result message ts, for chat.update
}

// Tally counts the votes on a case.
type Tally struct {
	Phishing, Legitimate, NotSure int
	Votes                         map[string]string // user → choice
	// Decision is the plurality choice: the choice with strictly more votes
	// than each of the other two. It is "" when there are no votes or when
	// the top count is shared (a tie). NotSure can be the decision.
	Decision string
	// Version grows with every vote on the case: of two tallies, the one
	// with the higher version is the newer.
	Version int64
}

// Total is the number of votes cast.
func (t Tally) Total() int { return t.Phishing + t.Legitimate + t.NotSure }

// Related is an earlier case that shares at least one key with a new mail.
type Related struct {
	Case  Case
	Tally Tally
	// Matched lists the shared keys: "message_id", "sender_domain",
	// "origin_network", "link_domain:<domain>", "attachment:<sha256>".
	Matched []string
}

// Open opens (creating if needed) the database named by dsn and brings its
// schema up to date. dsn is a postgres:// (or postgresql://) URL, or for
// SQLite a file path, ":memory:" (a private database that lives as long as
// the Store), or a "file:" URI. Any other URL is refused.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	name, memory, err := sqliteDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if memory {
		// Every SQLite connection to ":memory:" is its own database: keep
		// exactly one, forever.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	} else {
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", displayName(dsn), err)
	}
	s := &Store{db: db, dialect: SQLite, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether dsn names a Postgres database.
func IsPostgres(dsn string) bool {
	lower := strings.ToLower(strings.TrimSpace(dsn))
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// maxPostgresConns bounds one replica's connections to Postgres.
const maxPostgresConns = 20

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(strings.TrimSpace(dsn))
	if err != nil {
		// pgx's parse errors may quote the DSN, password included.
		return nil, fmt.Errorf("%w: cannot parse the postgres URL %s", ErrUnsupportedDSN, redactDSN(dsn))
	}
	if cfg.MaxConns < maxPostgresConns {
		cfg.MaxConns = maxPostgresConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", redactDSN(dsn), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open %s: %s", redactDSN(dsn), redactErr(err.Error(), dsn))
	}
	s := &Store{db: stdlib.OpenDBFromPool(pool), pool: pool, dialect: Postgres, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// redactDSN is a URL without its password and query, for messages.
func redactDSN(dsn string) string {
	u, err := url.Parse(strings.TrimSpace(dsn))
	if err != nil {
		return "postgres://…"
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

func redactErr(msg, dsn string) string {
	if u, err := url.Parse(strings.TrimSpace(dsn)); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "[redacted]")
		}
	}
	return msg
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// sqliteDSN turns the configured DSN into the driver's name and says whether
// it is an in-memory database.
func sqliteDSN(dsn string) (name string, memory bool, err error) {
	dsn = strings.TrimSpace(dsn)
	lower := strings.ToLower(dsn)
	params := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate", busyTimeoutMS)
	switch {
	case dsn == "":
		return "", false, fmt.Errorf("%w: empty database name; use a file path (CHECKMAIL_DB)", ErrUnsupportedDSN)
	case dsn == ":memory:":
		return ":memory:?" + params, true, nil
	case strings.HasPrefix(lower, "file:"):
		memory = strings.Contains(lower, ":memory:") || strings.Contains(lower, "mode=memory")
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + params, memory, nil
	case strings.Contains(dsn, "://"):
		scheme, _, _ := strings.Cut(dsn, "://")
		if len(scheme) > 20 {
			scheme = scheme[:20]
		}
		return "", false, fmt.Errorf("%w: %q URLs are not supported; use a file path", ErrUnsupportedDSN, scheme)
	case strings.ContainsAny(dsn, "?#"):
		return "", false, fmt.Errorf("%w: a database file path must not contain '?' or '#' (use a file: URI)", ErrUnsupportedDSN)
	}
	return dsn + "?" + params, false, nil
}

// displayName is the DSN without any query (which could hold options) for
// error messages.
func displayName(dsn string) string {
	name, _, _ := strings.Cut(strings.TrimSpace(dsn), "?")
	return name
}

// migrations returns the schema migrations; migration i is version i+1.
// Both databases run the same list: {{id}}, {{int}} and {{blob}} become
// the dialect's identity key, 64-bit integer and byte string types.
// Never edit a released migration: append a new one.
func migrations() []string {
	return []string{
		// 1: cases, their keys and the votes.
		`CREATE TABLE cases (
			id         {{id}},
			channel    TEXT    NOT NULL DEFAULT '',
			thread_ts  TEXT    NOT NULL DEFAULT '',
			reply_ts   TEXT    NOT NULL DEFAULT '',
			permalink  TEXT    NOT NULL DEFAULT '',
			subject    TEXT    NOT NULL DEFAULT '',
			verdict    TEXT    NOT NULL DEFAULT '',
			score      {{int}} NOT NULL DEFAULT 0,
			created_at {{int}} NOT NULL -- unix nanoseconds, UTC
		);
		CREATE INDEX cases_created_at ON cases(created_at);
		CREATE TABLE case_keys (
			case_id {{int}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
			kind    TEXT    NOT NULL,
			value   TEXT    NOT NULL,
			pos     {{int}} NOT NULL DEFAULT 0,
			PRIMARY KEY (case_id, kind, value)
		);
		CREATE INDEX case_keys_kind_value ON case_keys(kind, value);
		CREATE TABLE votes (
			case_id    {{int}} NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
			user_id    TEXT    NOT NULL,
			choice     TEXT    NOT NULL CHECK (choice IN ('phishing', 'legitimate', 'not_sure')),
			updated_at {{int}} NOT NULL, -- unix nanoseconds, UTC
			PRIMARY KEY (case_id, user_id)
		);`,
		// 2: the full report of each case, so "Full report" survives a
		// restart and works across replicas.
		`CREATE TABLE case_reports (
			case_id    {{int}} PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
			report     {{blob}} NOT NULL,
			updated_at {{int}} NOT NULL -- unix nanoseconds, UTC
		);`,
		// 3: the per-case tally version (bumped by every vote), the version
		// shown in Slack and the lease of the replica updating the message,
		// so an older tally never overwrites a newer one; the progress of
		// each job, so a resumed job finishes the thread it started.
		`ALTER TABLE cases ADD COLUMN tally_version {{int}} NOT NULL DEFAULT 0;
		ALTER TABLE cases ADD COLUMN shown_version {{int}} NOT NULL DEFAULT 0;
		ALTER TABLE cases ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
		ALTER TABLE cases ADD COLUMN lease_until {{int}} NOT NULL DEFAULT 0;
		CREATE TABLE job_progress (
			job_key        TEXT    PRIMARY KEY,
			thread_ts      TEXT    NOT NULL DEFAULT '',
			placeholder_ts TEXT    NOT NULL DEFAULT '',
			case_id        {{int}} NOT NULL DEFAULT 0,
			replied        {{int}} NOT NULL DEFAULT 0,
			updated_at     {{int}} NOT NULL -- unix nanoseconds, UTC
		);
		CREATE INDEX job_progress_updated_at ON job_progress(updated_at);`,
	}
}

// render fills a migration's type placeholders for the dialect.
func (d Dialect) render(m string) string {
	if d == Postgres {
		return strings.NewReplacer("{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
			"{{int}}", "BIGINT", "{{blob}}", "BYTEA").Replace(m)
	}
	return strings.NewReplacer("{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
		"{{int}}", "INTEGER", "{{blob}}", "BLOB").Replace(m)
}

// migrationLock is the Postgres advisory lock key that serialises
// migrations of replicas starting together.
const migrationLock = 0x636b6d6c // "ckml"

// migrate applies the migrations not yet recorded, each in its own
// transaction, and refuses a database written by a newer checkmail.
func (s *Store) migrate(ctx context.Context) error {
	if err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+fmt.Sprint(migrationLock)+`)`); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, s.dialect.render(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version    {{int}} PRIMARY KEY,
			applied_at {{int}} NOT NULL -- unix nanoseconds, UTC
		)`))
		return err
	}); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	ms := migrations()
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("store: database schema version %d is newer than this checkmail knows (%d); upgrade checkmail", current, len(ms))
	}
	for i, m := range ms {
		version := i + 1
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			if s.dialect == Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+fmt.Sprint(migrationLock)+`)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil // applied earlier, maybe by another process
			}
			if _, err := tx.ExecContext(ctx, s.dialect.render(m)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), version, s.now().UTC().UnixNano())
			return err
		}); err != nil {
			return fmt.Errorf("store: migration %d: %w", version, err)
		}
	}
	return nil
}

// SchemaVersion is the highest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)).Scan(&v)
	return v, err
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE through the DSN's
// _txlock) and commits it when fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// queryer is what *sql.DB and *sql.Tx share.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// CreateCase records a new case and returns its ID. Keys are normalized and
// bounded (see NormalizeKeys); a zero CreatedAt means now.
func (s *Store) CreateCase(ctx context.Context, c Case) (int64, error) {
	return s.createCase(ctx, c, nil)
}

// CreateCaseForJob creates the case and records it in the job's progress
// in one transaction, so a job killed at any point either finds its case
// on resume or never created one: a crash never stores a case twice.
func (s *Store) CreateCaseForJob(ctx context.Context, key string, c Case, p Progress) (int64, error) {
	return s.createCase(ctx, c, func(tx *sql.Tx, id int64) error {
		p.CaseID = id
		return s.saveProgress(ctx, tx, key, p)
	})
}

func (s *Store) createCase(ctx context.Context, c Case, also func(tx *sql.Tx, id int64) error) (int64, error) {
	c.Keys = NormalizeKeys(c.Keys)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO cases (channel, thread_ts, reply_ts, permalink, subject, verdict, score, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			clip(c.Channel, maxFieldLen), clip(c.ThreadTS, maxFieldLen), clip(c.ReplyTS, maxFieldLen),
			clip(c.Permalink, maxFieldLen), clipRunes(c.Subject, maxSubjectRunes), clip(c.Verdict, maxFieldLen),
			c.Score, c.CreatedAt.UTC().UnixNano()).Scan(&id)
		if err != nil {
			return err
		}
		for pos, kv := range keyPairs(c.Keys) {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO case_keys (case_id, kind, value, pos) VALUES (?, ?, ?, ?)`),
				id, kv.kind, kv.value, pos); err != nil {
				return err
			}
		}
		if also != nil {
			return also(tx, id)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: create case: %w", err)
	}
	return id, nil
}

// SetReply records the bot's result message and the thread's permalink.
func (s *Store) SetReply(ctx context.Context, id int64, replyTS, permalink string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE cases SET reply_ts = ?, permalink = ? WHERE id = ?`),
		clip(replyTS, maxFieldLen), clip(permalink, maxFieldLen), id)
	if err != nil {
		return fmt.Errorf("store: set reply: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: set reply: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return nil
}

// Case returns one case with its keys.
func (s *Store) Case(ctx context.Context, id int64) (Case, error) {
	return s.loadCase(ctx, s.db, id)
}

func (s *Store) loadCase(ctx context.Context, q queryer, id int64) (Case, error) {
	var c Case
	var created int64
	err := q.QueryRowContext(ctx, s.q(`SELECT id, channel, thread_ts, reply_ts, permalink, subject, verdict, score, created_at
		FROM cases WHERE id = ?`), id).Scan(&c.ID, &c.Channel, &c.ThreadTS, &c.ReplyTS, &c.Permalink, &c.Subject, &c.Verdict, &c.Score, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	if err != nil {
		return Case{}, fmt.Errorf("store: case %d: %w", id, err)
	}
	c.CreatedAt = time.Unix(0, created).UTC()
	rows, err := q.QueryContext(ctx, s.q(`SELECT kind, value FROM case_keys WHERE case_id = ? ORDER BY pos`), id)
	if err != nil {
		return Case{}, fmt.Errorf("store: case %d keys: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return Case{}, fmt.Errorf("store: case %d keys: %w", id, err)
		}
		switch kind {
		case KindMessageID:
			c.Keys.MessageID = value
		case KindSenderDomain:
			c.Keys.SenderDomain = value
		case KindOriginNetwork:
			c.Keys.OriginNetwork = value
		case KindLinkDomain:
			c.Keys.LinkDomains = append(c.Keys.LinkDomains, value)
		case KindAttachment:
			c.Keys.AttachmentHashes = append(c.Keys.AttachmentHashes, value)
		}
	}
	if err := rows.Err(); err != nil {
		return Case{}, fmt.Errorf("store: case %d keys: %w", id, err)
	}
	return c, nil
}

// Vote records user's choice on a case, replacing the user's earlier vote,
// and returns the new tally. An unknown choice or an empty user is
// ErrInvalidVote; an unknown case is ErrNotFound.
func (s *Store) Vote(ctx context.Context, caseID int64, user, choice string) (Tally, error) {
	return s.VoteAt(ctx, caseID, user, choice, s.now())
}

// VoteAt is Vote for a click made at a given time: a vote older than the
// user's recorded one (a click handled out of order) changes nothing, so
// the user's last click wins whatever order the clicks are handled in.
func (s *Store) VoteAt(ctx context.Context, caseID int64, user, choice string, at time.Time) (Tally, error) {
	if !ValidChoice(choice) {
		return Tally{}, fmt.Errorf("%w: choice %q", ErrInvalidVote, clip(choice, 40))
	}
	user = strings.TrimSpace(user)
	if user == "" || len(user) > maxUserLen {
		return Tally{}, fmt.Errorf("%w: user ID must be 1-%d bytes", ErrInvalidVote, maxUserLen)
	}
	var t Tally
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Bumping the version first locks the case row (Postgres) so
		// votes on one case are serialised and each tally is exact.
		res, err := tx.ExecContext(ctx, s.q(`UPDATE cases SET tally_version = tally_version + 1 WHERE id = ?`), caseID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: %d", ErrNotFound, caseID)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO votes (case_id, user_id, choice, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (case_id, user_id) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at
			WHERE votes.updated_at <= excluded.updated_at`),
			caseID, user, choice, at.UTC().UnixNano()); err != nil {
			return err
		}
		t, err = s.tally(ctx, tx, caseID)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Tally{}, err
		}
		return Tally{}, fmt.Errorf("store: vote: %w", err)
	}
	return t, nil
}

// ValidChoice reports whether choice is one of Phishing, Legitimate, NotSure.
func ValidChoice(choice string) bool {
	switch choice {
	case Phishing, Legitimate, NotSure:
		return true
	}
	return false
}

// Tally returns the votes on a case.
func (s *Store) Tally(ctx context.Context, caseID int64) (Tally, error) {
	if err := s.caseExists(ctx, s.db, caseID); err != nil {
		return Tally{}, err
	}
	t, err := s.tally(ctx, s.db, caseID)
	if err != nil {
		return Tally{}, fmt.Errorf("store: tally: %w", err)
	}
	return t, nil
}

func (s *Store) caseExists(ctx context.Context, q queryer, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM cases WHERE id = ?`), id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return nil
}

func (s *Store) tally(ctx context.Context, q queryer, caseID int64) (Tally, error) {
	// The version is read before the votes: outside a transaction (read
	// committed) a vote may commit between the two reads, and the tally
	// must never carry a version newer than the votes it counts, or a
	// stale tally would pass for the latest one.
	var version int64
	if err := q.QueryRowContext(ctx, s.q(`SELECT tally_version FROM cases WHERE id = ?`), caseID).Scan(&version); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Tally{}, err
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT user_id, choice FROM votes WHERE case_id = ?`), caseID)
	if err != nil {
		return Tally{}, err
	}
	defer rows.Close()
	t := Tally{Votes: map[string]string{}}
	for rows.Next() {
		var user, choice string
		if err := rows.Scan(&user, &choice); err != nil {
			return Tally{}, err
		}
		t.Votes[user] = choice
		switch choice {
		case Phishing:
			t.Phishing++
		case Legitimate:
			t.Legitimate++
		case NotSure:
			t.NotSure++
		}
	}
	if err := rows.Err(); err != nil {
		return Tally{}, err
	}
	t.Decision = decide(t.Phishing, t.Legitimate, t.NotSure)
	t.Version = version
	return t, nil
}

// decide is the plurality rule documented on Tally.Decision.
func decide(phishing, legitimate, notSure int) string {
	switch {
	case phishing > legitimate && phishing > notSure:
		return Phishing
	case legitimate > phishing && legitimate > notSure:
		return Legitimate
	case notSure > phishing && notSure > legitimate:
		return NotSure
	}
	return ""
}

// Related returns up to limit earlier cases (newest first, excluding
// excludeID) that share at least one key with k, with their tallies and the
// keys they share. limit <= 0 means 5; it is capped at 50.
func (s *Store) Related(ctx context.Context, k Keys, excludeID int64, limit int) ([]Related, error) {
	k = NormalizeKeys(k)
	pairs := keyPairs(k)
	if len(pairs) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = defaultRelatedLimit
	}
	if limit > maxRelatedLimit {
		limit = maxRelatedLimit
	}
	conds := make([]string, 0, len(pairs))
	args := []any{excludeID}
	for _, p := range pairs {
		conds = append(conds, "(kind = ? AND value = ?)")
		args = append(args, p.kind, p.value)
	}
	args = append(args, limit)
	query := `SELECT id FROM cases WHERE id <> ? AND id IN (SELECT case_id FROM case_keys WHERE ` +
		strings.Join(conds, " OR ") + `) ORDER BY created_at DESC, id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: related: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: related: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: related: %w", err)
	}
	// Rows are closed before the per-case queries: with ":memory:" there is
	// only one connection.
	out := make([]Related, 0, len(ids))
	for _, id := range ids {
		c, err := s.loadCase(ctx, s.db, id)
		if errors.Is(err, ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		t, err := s.tally(ctx, s.db, id)
		if err != nil {
			return nil, fmt.Errorf("store: related tally: %w", err)
		}
		out = append(out, Related{Case: c, Tally: t, Matched: Matched(k, c.Keys)})
	}
	return out, nil
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// clipRunes cuts s to at most n runes.
func clipRunes(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// SaveReport stores (or replaces) the full report of a case, typically its
// JSON, so the "Full report" button works after a restart and on every
// replica. Reports over MaxReportBytes are refused with ErrTooLarge.
func (s *Store) SaveReport(ctx context.Context, caseID int64, report []byte) error {
	if len(report) > MaxReportBytes {
		return fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, len(report), MaxReportBytes)
	}
	if report == nil {
		report = []byte{}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO case_reports (case_id, report, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (case_id) DO UPDATE SET report = excluded.report, updated_at = excluded.updated_at`),
			caseID, report, s.now().UTC().UnixNano())
		return err
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("store: save report: %w", err)
	}
	return err
}

// Report returns the stored full report of a case; ErrNotFound when the case
// or its report does not exist.
func (s *Store) Report(ctx context.Context, caseID int64) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, s.q(`SELECT report FROM case_reports WHERE case_id = ?`), caseID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: no report for case %d", ErrNotFound, caseID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: report: %w", err)
	}
	return b, nil
}
