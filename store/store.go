package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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

// Store is the triage history. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	now func() time.Time
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

// Open opens (creating if needed) the SQLite database named by dsn and brings
// its schema up to date. dsn is a file path, ":memory:" (a private database
// that lives as long as the Store), or a "file:" URI. A postgres:// URL is
// refused with a clear error; so is any other URL.
func Open(ctx context.Context, dsn string) (*Store, error) {
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
	s := &Store{db: db, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// sqliteDSN turns the configured DSN into the driver's name and says whether
// it is an in-memory database.
func sqliteDSN(dsn string) (name string, memory bool, err error) {
	dsn = strings.TrimSpace(dsn)
	lower := strings.ToLower(dsn)
	params := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate", busyTimeoutMS)
	switch {
	case dsn == "":
		return "", false, fmt.Errorf("%w: empty database name; use a file path (CHECKMAIL_DB)", ErrUnsupportedDSN)
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return "", false, fmt.Errorf("%w: postgres is not supported yet; use a file path", ErrUnsupportedDSN)
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
// Never edit a released migration: append a new one.
func migrations() []string {
	return []string{
		// 1: cases, their keys and the votes.
		`CREATE TABLE cases (
			id         INTEGER PRIMARY KEY AUTOINCREMENT,
			channel    TEXT    NOT NULL DEFAULT '',
			thread_ts  TEXT    NOT NULL DEFAULT '',
			reply_ts   TEXT    NOT NULL DEFAULT '',
			permalink  TEXT    NOT NULL DEFAULT '',
			subject    TEXT    NOT NULL DEFAULT '',
			verdict    TEXT    NOT NULL DEFAULT '',
			score      INTEGER NOT NULL DEFAULT 0,
			created_at INTEGER NOT NULL -- unix nanoseconds, UTC
		);
		CREATE INDEX cases_created_at ON cases(created_at);
		CREATE TABLE case_keys (
			case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
			kind    TEXT    NOT NULL,
			value   TEXT    NOT NULL,
			pos     INTEGER NOT NULL DEFAULT 0,
			PRIMARY KEY (case_id, kind, value)
		);
		CREATE INDEX case_keys_kind_value ON case_keys(kind, value);
		CREATE TABLE votes (
			case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
			user_id    TEXT    NOT NULL,
			choice     TEXT    NOT NULL CHECK (choice IN ('phishing', 'legitimate', 'not_sure')),
			updated_at INTEGER NOT NULL, -- unix nanoseconds, UTC
			PRIMARY KEY (case_id, user_id)
		);`,
		// 2: the full report of each case, so "Full report" survives a
		// restart and works across replicas.
		`CREATE TABLE case_reports (
			case_id    INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
			report     BLOB    NOT NULL,
			updated_at INTEGER NOT NULL -- unix nanoseconds, UTC
		);`,
	}
}

// migrate applies the migrations not yet recorded, each in its own
// transaction, and refuses a database written by a newer checkmail.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL -- unix nanoseconds, UTC
	)`); err != nil {
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
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil // applied earlier, maybe by another process
			}
			if _, err := tx.ExecContext(ctx, m); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, s.now().UTC().UnixNano())
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
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
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
	c.Keys = NormalizeKeys(c.Keys)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO cases (channel, thread_ts, reply_ts, permalink, subject, verdict, score, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			clip(c.Channel, maxFieldLen), clip(c.ThreadTS, maxFieldLen), clip(c.ReplyTS, maxFieldLen),
			clip(c.Permalink, maxFieldLen), clipRunes(c.Subject, maxSubjectRunes), clip(c.Verdict, maxFieldLen),
			c.Score, c.CreatedAt.UTC().UnixNano())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		for pos, kv := range keyPairs(c.Keys) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_keys (case_id, kind, value, pos) VALUES (?, ?, ?, ?)`,
				id, kv.kind, kv.value, pos); err != nil {
				return err
			}
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
	res, err := s.db.ExecContext(ctx, `UPDATE cases SET reply_ts = ?, permalink = ? WHERE id = ?`,
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
	err := q.QueryRowContext(ctx, `SELECT id, channel, thread_ts, reply_ts, permalink, subject, verdict, score, created_at
		FROM cases WHERE id = ?`, id).Scan(&c.ID, &c.Channel, &c.ThreadTS, &c.ReplyTS, &c.Permalink, &c.Subject, &c.Verdict, &c.Score, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	if err != nil {
		return Case{}, fmt.Errorf("store: case %d: %w", id, err)
	}
	c.CreatedAt = time.Unix(0, created).UTC()
	rows, err := q.QueryContext(ctx, `SELECT kind, value FROM case_keys WHERE case_id = ? ORDER BY pos`, id)
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
	if !ValidChoice(choice) {
		return Tally{}, fmt.Errorf("%w: choice %q", ErrInvalidVote, clip(choice, 40))
	}
	user = strings.TrimSpace(user)
	if user == "" || len(user) > maxUserLen {
		return Tally{}, fmt.Errorf("%w: user ID must be 1-%d bytes", ErrInvalidVote, maxUserLen)
	}
	var t Tally
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO votes (case_id, user_id, choice, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (case_id, user_id) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at`,
			caseID, user, choice, s.now().UTC().UnixNano()); err != nil {
			return err
		}
		var err error
		t, err = tally(ctx, tx, caseID)
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
	if err := caseExists(ctx, s.db, caseID); err != nil {
		return Tally{}, err
	}
	t, err := tally(ctx, s.db, caseID)
	if err != nil {
		return Tally{}, fmt.Errorf("store: tally: %w", err)
	}
	return t, nil
}

func caseExists(ctx context.Context, q queryer, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return nil
}

func tally(ctx context.Context, q queryer, caseID int64) (Tally, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id, choice FROM votes WHERE case_id = ?`, caseID)
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
	rows, err := s.db.QueryContext(ctx, query, args...)
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
		t, err := tally(ctx, s.db, id)
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
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO case_reports (case_id, report, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (case_id) DO UPDATE SET report = excluded.report, updated_at = excluded.updated_at`,
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
	err := s.db.QueryRowContext(ctx, `SELECT report FROM case_reports WHERE case_id = ?`, caseID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: no report for case %d", ErrNotFound, caseID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: report: %w", err)
	}
	return b, nil
}
