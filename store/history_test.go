package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/checkmail/checkmail/analysis/team"
	"github.com/checkmail/checkmail/store"
)

func TestDecisions(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		type vote struct{ user, choice string }
		mk := func(i int, keys store.Keys, votes ...vote) int64 {
			t.Helper()
			id, err := s.CreateCase(ctx, store.Case{Subject: "c", Keys: keys, CreatedAt: base.Add(time.Duration(i) * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range votes {
				if _, err := s.Vote(ctx, id, v.user, v.choice); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}
		p, l, n := store.Phishing, store.Legitimate, store.NotSure
		// rakuten.co.jp as sender, decided legitimate twice.
		a := mk(1, store.Keys{SenderDomain: "rakuten.co.jp"}, vote{"U1", l})
		b := mk(2, store.Keys{SenderDomain: "rakuten.co.jp"}, vote{"U1", l}, vote{"U2", l}, vote{"U3", p})
		// As a link host (subdomain), decided phishing.
		c := mk(3, store.Keys{SenderDomain: "evil.example", LinkDomains: []string{"www.rakuten.co.jp"}}, vote{"U1", p})
		// Tie and not_sure: counted in neither.
		mk(4, store.Keys{SenderDomain: "rakuten.co.jp"}, vote{"U1", p}, vote{"U2", l})
		mk(5, store.Keys{SenderDomain: "rakuten.co.jp"}, vote{"U1", n})
		// No votes: undecided.
		mk(6, store.Keys{SenderDomain: "rakuten.co.jp"})
		// Look-alikes that must not match.
		mk(7, store.Keys{SenderDomain: "notrakuten.co.jp", LinkDomains: []string{"rakuten.co.jp.evil.example", "xrakuten.co.jp"}}, vote{"U1", p})
		// The LIKE wildcard must not match: "_" in the domain is literal.
		mk(8, store.Keys{SenderDomain: "a_b.example"}, vote{"U1", p})
		mk(9, store.Keys{SenderDomain: "axb.example"}, vote{"U1", p})

		tests := []struct {
			domain string
			want   team.Record
		}{
			{"rakuten.co.jp", team.Record{Domain: "rakuten.co.jp", Legitimate: 2, Phishing: 1, Cases: []int64{c, b, a}}},
			{" RAKUTEN.co.jp. ", team.Record{Domain: "rakuten.co.jp", Legitimate: 2, Phishing: 1, Cases: []int64{c, b, a}}},
			{"a_b.example", team.Record{Domain: "a_b.example", Phishing: 1, Cases: []int64{8}}},
			{"unknown.example", team.Record{Domain: "unknown.example"}},
			{"", team.Record{}},
			{"co.jp", team.Record{Domain: "co.jp"}}, // a public suffix matches only itself
		}
		for _, tt := range tests {
			got, err := s.Decisions(ctx, tt.domain)
			if err != nil {
				t.Fatalf("Decisions(%q): %v", tt.domain, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decisions(%q) = %+v, want %+v", tt.domain, got, tt.want)
			}
		}
		// At most team.MaxCases IDs, newest first; counts stay complete.
		var ids []int64
		for i := 0; i < team.MaxCases+3; i++ {
			ids = append(ids, mk(100+i, store.Keys{SenderDomain: "many.example"}, vote{"U1", p}))
		}
		got, err := s.Decisions(ctx, "many.example")
		if err != nil {
			t.Fatal(err)
		}
		if got.Phishing != team.MaxCases+3 || len(got.Cases) != team.MaxCases || got.Cases[0] != ids[len(ids)-1] {
			t.Errorf("many: %+v", got)
		}
		ctx2, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Decisions(ctx2, "many.example"); err == nil {
			t.Error("Decisions with a cancelled context succeeded")
		}
	})
}

func TestTallyVersionAndLease(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.CreateCase(ctx, store.Case{Subject: "x"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				if _, err := s.Vote(ctx, id, "U"+string(rune('A'+i)), store.Phishing); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		tl, err := s.Tally(ctx, id)
		if err != nil || tl.Version != 20 || tl.Phishing != 20 {
			t.Fatalf("tally = %+v, %v", tl, err)
		}
		held, shown, err := s.AcquireTallyLease(ctx, id, "r1", time.Minute)
		if err != nil || !held || shown != 0 {
			t.Fatalf("acquire r1 = %v %d %v", held, shown, err)
		}
		if held, _, err := s.AcquireTallyLease(ctx, id, "r2", time.Minute); err != nil || held {
			t.Fatalf("r2 got a held lease: %v %v", held, err)
		}
		if ok, err := s.ReleaseTallyLease(ctx, id, "r1", false); err != nil || ok {
			t.Fatalf("released with version 20 not shown: %v %v", ok, err)
		}
		if err := s.SetShown(ctx, id, "r2", 20); err != nil { // not the holder: ignored
			t.Fatal(err)
		}
		if ok, _ := s.ReleaseTallyLease(ctx, id, "r1", false); ok {
			t.Fatal("released after a non-holder's SetShown")
		}
		if err := s.SetShown(ctx, id, "r1", 20); err != nil {
			t.Fatal(err)
		}
		if err := s.SetShown(ctx, id, "r1", 7); err != nil { // older: ignored
			t.Fatal(err)
		}
		if ok, err := s.ReleaseTallyLease(ctx, id, "r1", false); err != nil || !ok {
			t.Fatalf("release when shown is current: %v %v", ok, err)
		}
		held, shown, err = s.AcquireTallyLease(ctx, id, "r2", -time.Second) // expires at once
		if err != nil || !held || shown != 20 {
			t.Fatalf("acquire r2 = %v %d %v", held, shown, err)
		}
		if held, _, _ := s.AcquireTallyLease(ctx, id, "r3", time.Minute); !held {
			t.Fatal("expired lease was not taken over")
		}
		if _, err := s.Vote(ctx, id, "UZ", store.Legitimate); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.ReleaseTallyLease(ctx, id, "r3", false); ok {
			t.Fatal("released with a newer vote not shown")
		}
		if ok, _ := s.ReleaseTallyLease(ctx, id, "r3", true); !ok {
			t.Fatal("forced release failed")
		}
		if _, _, err := s.AcquireTallyLease(ctx, id+99, "r1", time.Minute); err == nil {
			t.Fatal("lease on a missing case")
		}
	})
}

// TestTallyNeverNewerThanItsVotes: while votes commit, a tally read
// outside any transaction never carries a version newer than the votes
// it counts (each voter is new, so the version is the number of votes
// committed). A tally that did would be shown as the latest and let the
// lease go with a stale count in Slack.
func TestTallyNeverNewerThanItsVotes(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.CreateCase(ctx, store.Case{Subject: "x"})
		if err != nil {
			t.Fatal(err)
		}
		const voters = 200
		done := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < voters; i += 4 {
					if _, err := s.Vote(ctx, id, fmt.Sprintf("U%04d", i), store.Phishing); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		go func() { wg.Wait(); close(done) }()
		defer func() { <-done }() // no writer outlives the test, even on failure
		for reads := 0; ; reads++ {
			select {
			case <-done:
				t.Logf("%d reads overlapped the writes", reads)
				return
			default:
			}
			tl, err := s.Tally(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(tl.Votes)) < tl.Version {
				t.Fatalf("tally version %d counts only %d votes", tl.Version, len(tl.Votes))
			}
		}
	})
}

func TestProgressAndList(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if p, err := s.Progress(ctx, "k1"); err != nil || p != (store.Progress{}) {
			t.Fatalf("empty progress = %+v, %v", p, err)
		}
		want := store.Progress{ThreadTS: "1.1", PlaceholderTS: "1.2", CaseID: 7, Replied: true}
		if err := s.SaveProgress(ctx, "k1", store.Progress{ThreadTS: "1.1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveProgress(ctx, "k1", want); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Progress(ctx, "k1"); err != nil || p != want {
			t.Fatalf("progress = %+v, %v", p, err)
		}
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 3 {
			id, err := s.CreateCase(ctx, store.Case{Channel: "C1", ThreadTS: "9.9", Verdict: "phishing", CreatedAt: t0.Add(time.Duration(i) * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Vote(ctx, id, "U1", store.Phishing); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.ListCases(ctx, time.Time{}, 0)
		if err != nil || len(all) != 3 || all[0].Tally.Votes["U1"] != store.Phishing || !all[0].Case.CreatedAt.Equal(t0) {
			t.Fatalf("ListCases = %+v, %v", all, err)
		}
		recent, err := s.ListCases(ctx, t0.Add(90*time.Minute), 0)
		if err != nil || len(recent) != 1 || recent[0].Tally.Decision != store.Phishing {
			t.Fatalf("ListCases(since) = %+v, %v", recent, err)
		}
	})
}

func TestVoteAtOutOfOrder(t *testing.T) {
	both(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.CreateCase(ctx, store.Case{Subject: "x"})
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		// The later click (not sure) is handled first; the earlier one
		// (phishing) must not overwrite it.
		if _, err := s.VoteAt(ctx, id, "U1", store.NotSure, t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		tl, err := s.VoteAt(ctx, id, "U1", store.Phishing, t0)
		if err != nil {
			t.Fatal(err)
		}
		if tl.Votes["U1"] != store.NotSure || tl.NotSure != 1 || tl.Phishing != 0 || tl.Version != 2 {
			t.Fatalf("tally = %+v", tl)
		}
	})
}

// A case and the job progress that records it are written together: a job
// killed after creating its case finds it on resume, never stores a second.
func TestCreateCaseForJob(t *testing.T) {
	s := openMem(t)
	ctx := context.Background()
	id, err := s.CreateCaseForJob(ctx, "job-1", store.Case{Channel: "C1", ThreadTS: "1.2", Verdict: "phishing"}, store.Progress{PlaceholderTS: "1.3"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Progress(ctx, "job-1")
	if err != nil {
		t.Fatal(err)
	}
	if p.CaseID != id || p.PlaceholderTS != "1.3" {
		t.Errorf("progress = %+v, want case %d", p, id)
	}
	if _, err := s.Case(ctx, id); err != nil {
		t.Errorf("case %d: %v", id, err)
	}
}
