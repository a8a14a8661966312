package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkmail/checkmail/store"
	"github.com/checkmail/checkmail/store/storetest"
)

func openFile(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "checkmail.db")
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func openMem(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatalf("Open(:memory:): %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t *testing.T) *store.Store {
	t.Helper()
	dsn := storetest.PostgresDSN(t)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open(postgres): %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// both runs a subtest against a file database, an in-memory one and
// Postgres (skipped without CHECKMAIL_TEST_POSTGRES, except in CI).
func both(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Run("file", func(t *testing.T) { s, _ := openFile(t); fn(t, s) })
	t.Run("memory", func(t *testing.T) { fn(t, openMem(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, openPostgres(t)) })
}

func TestOpenDSN(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		dsn     string
		wantErr string
	}{
		{"file path", filepath.Join(dir, "a.db"), ""},
		{"memory", ":memory:", ""},
		{"file uri", "file:" + filepath.Join(dir, "b.db"), ""},
		{"postgres unreachable", "postgres://user:secret@127.0.0.1:1/checkmail?connect_timeout=2", "store: open postgres://127.0.0.1:1/checkmail"},
		{"postgres bad url", "postgresql://user:secret@[bad/x", "cannot parse the postgres URL"},
		{"mysql", "mysql://db/x", `"mysql" URLs are not supported`},
		{"empty", "  ", "empty database name"},
		{"question mark", filepath.Join(dir, "a?b.db"), "must not contain '?'"},
		{"missing dir", filepath.Join(dir, "no", "such", "dir", "x.db"), "store: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := store.Open(context.Background(), tt.dsn)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want error %q", tt.dsn, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Open(%q) error %q, want it to contain %q", tt.dsn, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error leaks the DSN password: %q", err)
			}
		})
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, path := openFile(t)
	id, err := s.CreateCase(ctx, store.Case{Channel: "C1", Subject: "kept", Keys: store.Keys{MessageID: "<a@b>"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vote(ctx, id, "U1", store.Phishing); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no WAL file next to the database: %v", err)
	}
	s.Close()
	for i := 0; i < 2; i++ {
		s2, err := store.Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		v, err := s2.SchemaVersion(ctx)
		if err != nil || v != 3 {
			t.Fatalf("SchemaVersion = %d, %v; want 3", v, err)
		}
		c, err := s2.Case(ctx, id)
		if err != nil || c.Subject != "kept" {
			t.Fatalf("Case after reopen = %+v, %v", c, err)
		}
		tl, err := s2.Tally(ctx, id)
		if err != nil || tl.Phishing != 1 {
			t.Fatalf("Tally after reopen = %+v, %v", tl, err)
		}
		s2.Close()
	}
	// Exactly one row per migration.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("schema_migrations rows = %d, %v; want 3", n, err)
	}
}

func TestMigrationsConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "race.db")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(context.Background(), path)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Open: %v", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	s, path := openFile(t)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = store.Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer schema: %v, want a 'newer' error", err)
	}
}

func TestCaseRoundTrip(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		created := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
		in := store.Case{
			Channel: "C123", ThreadTS: "1700000000.000100", Subject: "Your account", Verdict: "phishing", Score: 85,
			CreatedAt: created,
			Keys: store.Keys{
				MessageID:        " <ABC@Example.COM> ",
				SenderDomain:     "Example.COM.",
				OriginNetwork:    "203.0.113.0/24",
				LinkDomains:      []string{"b.example", "A.example", "b.example", ""},
				AttachmentHashes: []string{"ABCDEF", "abcdef"},
			},
		}
		id, err := s.CreateCase(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if id <= 0 {
			t.Fatalf("id = %d", id)
		}
		if err := s.SetReply(ctx, id, "1700000000.000200", "https://x.slack.com/archives/C123/p1700000000000100"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Case{
			ID: id, Channel: "C123", ThreadTS: "1700000000.000100", Subject: "Your account", Verdict: "phishing", Score: 85,
			CreatedAt: created, ReplyTS: "1700000000.000200", Permalink: "https://x.slack.com/archives/C123/p1700000000000100",
			Keys: store.Keys{
				MessageID: "abc@example.com", SenderDomain: "example.com", OriginNetwork: "203.0.113.0/24",
				LinkDomains: []string{"b.example", "a.example"}, AttachmentHashes: []string{"abcdef"},
			},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Case =\n%+v\nwant\n%+v", got, want)
		}
		if _, err := s.Case(ctx, id+100); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Case(missing) err = %v, want ErrNotFound", err)
		}
		if err := s.SetReply(ctx, id+100, "1", ""); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("SetReply(missing) err = %v, want ErrNotFound", err)
		}
	})
}

func TestCaseBounds(t *testing.T) {
	s := openMem(t)
	ctx := context.Background()
	var links, hashes []string
	for i := 0; i < 500; i++ {
		links = append(links, fmt.Sprintf("d%d.example", i))
		hashes = append(hashes, fmt.Sprintf("%064x", i))
	}
	id, err := s.CreateCase(ctx, store.Case{
		Subject: strings.Repeat("件", 5000) + "\xff",
		Keys:    store.Keys{MessageID: strings.Repeat("m", 10000), LinkDomains: links, AttachmentHashes: hashes},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Case(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(c.Subject)); n != 1000 {
		t.Errorf("subject runes = %d, want 1000", n)
	}
	if len(c.Keys.MessageID) != 512 {
		t.Errorf("message-id len = %d, want 512", len(c.Keys.MessageID))
	}
	if len(c.Keys.LinkDomains) != store.MaxLinkDomains || len(c.Keys.AttachmentHashes) != store.MaxAttachmentHashes {
		t.Errorf("lists = %d links, %d hashes", len(c.Keys.LinkDomains), len(c.Keys.AttachmentHashes))
	}
}

func TestVotes(t *testing.T) {
	type vote struct{ user, choice string }
	tests := []struct {
		name  string
		votes []vote
		want  store.Tally
	}{
		{"none", nil, store.Tally{Votes: map[string]string{}}},
		{"one phishing", []vote{{"U1", store.Phishing}},
			store.Tally{Phishing: 1, Votes: map[string]string{"U1": "phishing"}, Decision: store.Phishing}},
		{"changed vote", []vote{{"U1", store.Phishing}, {"U2", store.Phishing}, {"U1", store.Legitimate}},
			store.Tally{Phishing: 1, Legitimate: 1, Votes: map[string]string{"U1": "legitimate", "U2": "phishing"}}},
		{"same vote twice counts once", []vote{{"U1", store.Legitimate}, {"U1", store.Legitimate}},
			store.Tally{Legitimate: 1, Votes: map[string]string{"U1": "legitimate"}, Decision: store.Legitimate}},
		{"plurality wins", []vote{{"U1", store.Phishing}, {"U2", store.Phishing}, {"U3", store.Legitimate}, {"U4", store.NotSure}},
			store.Tally{Phishing: 2, Legitimate: 1, NotSure: 1, Votes: map[string]string{"U1": "phishing", "U2": "phishing", "U3": "legitimate", "U4": "not_sure"}, Decision: store.Phishing}},
		{"three-way tie", []vote{{"U1", store.Phishing}, {"U2", store.Legitimate}, {"U3", store.NotSure}},
			store.Tally{Phishing: 1, Legitimate: 1, NotSure: 1, Votes: map[string]string{"U1": "phishing", "U2": "legitimate", "U3": "not_sure"}}},
		{"not sure can decide", []vote{{"U1", store.NotSure}, {"U2", store.NotSure}, {"U3", store.Phishing}},
			store.Tally{Phishing: 1, NotSure: 2, Votes: map[string]string{"U1": "not_sure", "U2": "not_sure", "U3": "phishing"}, Decision: store.NotSure}},
		{"top tie with a third", []vote{{"U1", store.Phishing}, {"U2", store.Phishing}, {"U3", store.Legitimate}, {"U4", store.Legitimate}, {"U5", store.NotSure}},
			store.Tally{Phishing: 2, Legitimate: 2, NotSure: 1, Votes: map[string]string{"U1": "phishing", "U2": "phishing", "U3": "legitimate", "U4": "legitimate", "U5": "not_sure"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openMem(t)
			ctx := context.Background()
			id, err := s.CreateCase(ctx, store.Case{Subject: "x"})
			if err != nil {
				t.Fatal(err)
			}
			var last store.Tally
			for _, v := range tt.votes {
				if last, err = s.Vote(ctx, id, v.user, v.choice); err != nil {
					t.Fatalf("Vote(%s,%s): %v", v.user, v.choice, err)
				}
			}
			got, err := s.Tally(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Version = int64(len(tt.votes)) // every vote bumps the version
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Tally = %+v, want %+v", got, tt.want)
			}
			if len(tt.votes) > 0 && !reflect.DeepEqual(last, tt.want) {
				t.Fatalf("Vote returned %+v, want %+v", last, tt.want)
			}
			if got.Total() != len(tt.want.Votes) {
				t.Fatalf("Total = %d, want %d", got.Total(), len(tt.want.Votes))
			}
		})
	}
}

func TestVoteErrors(t *testing.T) {
	s := openMem(t)
	ctx := context.Background()
	id, err := s.CreateCase(ctx, store.Case{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		caseID int64
		user   string
		choice string
		want   error
	}{
		{"bad choice", id, "U1", "spam", store.ErrInvalidVote},
		{"upper-case choice", id, "U1", "PHISHING", store.ErrInvalidVote},
		{"empty choice", id, "U1", "", store.ErrInvalidVote},
		{"empty user", id, " ", store.Phishing, store.ErrInvalidVote},
		{"huge user", id, strings.Repeat("U", 300), store.Phishing, store.ErrInvalidVote},
		{"missing case", id + 1, "U1", store.Phishing, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Vote(ctx, tt.caseID, tt.user, tt.choice); !errors.Is(err, tt.want) {
				t.Fatalf("Vote err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := s.Tally(ctx, id+1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Tally(missing) = %v, want ErrNotFound", err)
	}
	tl, err := s.Tally(ctx, id)
	if err != nil || tl.Total() != 0 {
		t.Fatalf("rejected votes were stored: %+v, %v", tl, err)
	}
}

func TestConcurrentVotes(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const cases, users = 4, 25
		ids := make([]int64, cases)
		for i := range ids {
			id, err := s.CreateCase(ctx, store.Case{Subject: fmt.Sprint(i), Keys: store.Keys{SenderDomain: "shared.example"}})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = id
		}
		var wg sync.WaitGroup
		errs := make(chan error, cases*users*2)
		for _, id := range ids {
			for u := 0; u < users; u++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					user := fmt.Sprintf("U%03d", u)
					// Each user first votes phishing, then changes to legitimate
					// when u is even; readers run at the same time.
					if _, err := s.Vote(ctx, id, user, store.Phishing); err != nil {
						errs <- err
						return
					}
					if u%2 == 0 {
						if _, err := s.Vote(ctx, id, user, store.Legitimate); err != nil {
							errs <- err
							return
						}
					}
					if _, err := s.Related(ctx, store.Keys{SenderDomain: "shared.example"}, id, 10); err != nil {
						errs <- err
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent: %v", err)
		}
		for _, id := range ids {
			tl, err := s.Tally(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if tl.Legitimate != 13 || tl.Phishing != 12 || len(tl.Votes) != users || tl.Decision != store.Legitimate {
				t.Fatalf("case %d tally = %d/%d/%d (%d voters, decision %q), want 12 phishing, 13 legitimate",
					id, tl.Phishing, tl.Legitimate, tl.NotSure, len(tl.Votes), tl.Decision)
			}
		}
	})
}

func TestRelated(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	mk := func(subject string, age time.Duration, k store.Keys) int64 {
		t.Helper()
		id, err := s.CreateCase(ctx, store.Case{Subject: subject, CreatedAt: t0.Add(-age), Keys: k})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	idMsg := mk("same message", 5*time.Hour, store.Keys{MessageID: "<x1@evil.example>"})
	idSender := mk("same sender", 4*time.Hour, store.Keys{SenderDomain: "evil.example"})
	idNet := mk("same network", 3*time.Hour, store.Keys{OriginNetwork: "198.51.100.0/24"})
	idLink := mk("same link", 2*time.Hour, store.Keys{LinkDomains: []string{"other.example", "login.evil.test"}})
	idAtt := mk("same attachment", 1*time.Hour, store.Keys{AttachmentHashes: []string{strings.Repeat("ab", 32)}})
	idAll := mk("everything", 30*time.Minute, store.Keys{
		MessageID: "x1@evil.example", SenderDomain: "evil.example", OriginNetwork: "198.51.100.0/24",
		LinkDomains: []string{"login.evil.test"}, AttachmentHashes: []string{strings.Repeat("AB", 32)},
	})
	mk("unrelated", 10*time.Minute, store.Keys{MessageID: "y@good.example", SenderDomain: "good.example",
		OriginNetwork: "192.0.2.0/24", LinkDomains: []string{"good.example"}})
	if _, err := s.Vote(ctx, idSender, "U1", store.Phishing); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		keys    store.Keys
		exclude int64
		limit   int
		want    []int64
		matched map[int64][]string
	}{
		{"message id", store.Keys{MessageID: "<X1@EVIL.example>"}, 0, 10, []int64{idAll, idMsg},
			map[int64][]string{idMsg: {"message_id"}}},
		{"sender domain", store.Keys{SenderDomain: "evil.example"}, 0, 10, []int64{idAll, idSender},
			map[int64][]string{idSender: {"sender_domain"}}},
		{"origin network", store.Keys{OriginNetwork: "198.51.100.0/24"}, 0, 10, []int64{idAll, idNet},
			map[int64][]string{idNet: {"origin_network"}}},
		{"link domain", store.Keys{LinkDomains: []string{"login.evil.test", "nothing.example"}}, 0, 10, []int64{idAll, idLink},
			map[int64][]string{idLink: {"link_domain:login.evil.test"}}},
		{"attachment", store.Keys{AttachmentHashes: []string{strings.Repeat("ab", 32)}}, 0, 10, []int64{idAll, idAtt},
			map[int64][]string{idAtt: {"attachment:" + strings.Repeat("ab", 32)}}},
		{"all kinds, exclude self", store.Keys{
			MessageID: "x1@evil.example", SenderDomain: "evil.example", OriginNetwork: "198.51.100.0/24",
			LinkDomains: []string{"login.evil.test"}, AttachmentHashes: []string{strings.Repeat("ab", 32)},
		}, idAll, 10, []int64{idAtt, idLink, idNet, idSender, idMsg}, map[int64][]string{
			idSender: {"sender_domain"},
		}},
		{"all kinds, matched list", store.Keys{
			MessageID: "x1@evil.example", SenderDomain: "evil.example", OriginNetwork: "198.51.100.0/24",
			LinkDomains: []string{"login.evil.test"}, AttachmentHashes: []string{strings.Repeat("ab", 32)},
		}, 0, 1, []int64{idAll}, map[int64][]string{idAll: {
			"message_id", "sender_domain", "origin_network", "link_domain:login.evil.test", "attachment:" + strings.Repeat("ab", 32),
		}}},
		{"limit", store.Keys{SenderDomain: "evil.example", OriginNetwork: "198.51.100.0/24"}, 0, 2, []int64{idAll, idNet}, nil},
		{"no keys", store.Keys{}, 0, 10, nil, nil},
		{"no match", store.Keys{SenderDomain: "nobody.example"}, 0, 10, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Related(ctx, tt.keys, tt.exclude, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range got {
				ids = append(ids, r.Case.ID)
				if want, ok := tt.matched[r.Case.ID]; ok && !reflect.DeepEqual(r.Matched, want) {
					t.Errorf("case %d matched %q, want %q", r.Case.ID, r.Matched, want)
				}
				if len(r.Matched) == 0 {
					t.Errorf("case %d related without a matched key", r.Case.ID)
				}
				if r.Case.ID == idSender && (r.Tally.Phishing != 1 || r.Tally.Decision != store.Phishing) {
					t.Errorf("related tally = %+v, want 1 phishing vote", r.Tally)
				}
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Fatalf("related ids = %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestReports(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.CreateCase(ctx, store.Case{Subject: "r"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Report(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Report before save: %v, want ErrNotFound", err)
		}
		for _, body := range []string{`{"verdict":{"level":"phishing"}}`, `{"verdict":{"level":"legitimate"}}`} {
			if err := s.SaveReport(ctx, id, []byte(body)); err != nil {
				t.Fatal(err)
			}
			got, err := s.Report(ctx, id)
			if err != nil || string(got) != body {
				t.Fatalf("Report = %q, %v; want %q", got, err, body)
			}
		}
		if err := s.SaveReport(ctx, id+1, []byte("{}")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("SaveReport(missing case) = %v, want ErrNotFound", err)
		}
		if err := s.SaveReport(ctx, id, make([]byte, store.MaxReportBytes+1)); !errors.Is(err, store.ErrTooLarge) {
			t.Fatalf("SaveReport(too large) = %v, want ErrTooLarge", err)
		}
	})
}

// TestMigrationFromVersion1 opens a database that stopped at migration 1
// (as written by the first release) and checks the upgrade keeps the data.
func TestMigrationFromVersion1(t *testing.T) {
	ctx := context.Background()
	s, path := openFile(t)
	id, err := s.CreateCase(ctx, store.Case{Subject: "v1 case"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE case_reports`, `DROP TABLE job_progress`,
		`ALTER TABLE cases DROP COLUMN tally_version`, `ALTER TABLE cases DROP COLUMN shown_version`,
		`ALTER TABLE cases DROP COLUMN lease_owner`, `ALTER TABLE cases DROP COLUMN lease_until`,
		`DELETE FROM schema_migrations WHERE version > 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if v, _ := s2.SchemaVersion(ctx); v != 3 {
		t.Fatalf("version after upgrade = %d", v)
	}
	if c, err := s2.Case(ctx, id); err != nil || c.Subject != "v1 case" {
		t.Fatalf("case after upgrade = %+v, %v", c, err)
	}
	if err := s2.SaveReport(ctx, id, []byte("{}")); err != nil {
		t.Fatalf("SaveReport after upgrade: %v", err)
	}
}
