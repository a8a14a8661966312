package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/store"
	"github.com/checkmail/checkmail/store/storetest"
)

// postSigned sends a signed Slack request to a bot's handler.
func postSigned(t testing.TB, h http.Handler, path, body string) int {
	t.Helper()
	ts := time.Now().Unix()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func postEvent(t testing.TB, h http.Handler, ev any) int {
	t.Helper()
	raw, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return postSigned(t, h, "/slack/events", string(raw))
}

func postInteraction(t testing.TB, h http.Handler, payload any) int {
	t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return postSigned(t, h, "/slack/interactions", "payload="+url.QueryEscape(string(raw)))
}

// replicas starts n bots on one store DSN and one fake Slack (HTTP mode
// handlers, as behind a load balancer).
func replicas(t *testing.T, n int, dsn string, o Options) (*slackfake.Server, []*harness) {
	t.Helper()
	fake := slackfake.New(testBotToken)
	t.Cleanup(fake.Close)
	var hs []*harness
	for range n {
		hs = append(hs, newHarness(t, harnessOpts{dsn: dsn, fake: fake, opts: o}))
	}
	return fake, hs
}

// backends runs fn on a SQLite file and on Postgres.
func backends(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "shared.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresDSN(t)) })
}

func TestOneEventTwoReplicas(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		fake, hs := replicas(t, 2, dsn, Options{})
		f := fake.AddFile(slackfake.File{File: slack.File{ID: "F2R", Name: "a.eml", Mimetype: "message/rfc822"}, Content: []byte(testMail("Verify twice", true))})
		ev := fileEvent("Ev2R", "C1", "77.0", "U1", f)
		var wg sync.WaitGroup
		for _, h := range hs {
			for range 3 { // and Slack's retries, on both
				wg.Go(func() {
					if code := postEvent(t, h.bot.Handler(testSecret), ev); code != http.StatusOK {
						t.Errorf("event answered %d", code)
					}
				})
			}
		}
		wg.Wait()
		hs[0].waitCallsFor("chat.update", 1, 10*time.Second)
		hs[0].settle()
		time.Sleep(200 * time.Millisecond)
		if n := hs[0].an.Calls() + hs[1].an.Calls(); n != 1 {
			t.Errorf("analyses = %d, want 1", n)
		}
		if n := len(fake.Calls("chat.update")); n != 1 {
			t.Errorf("replies = %d, want 1", n)
		}
		cases, err := hs[0].st.ListCases(context.Background(), time.Time{}, 0)
		if err != nil || len(cases) != 1 {
			t.Errorf("cases = %d, %v; want 1", len(cases), err)
		}
		if d := hs[0].bot.Metrics.DedupHits.Load() + hs[1].bot.Metrics.DedupHits.Load(); d != 5 {
			t.Errorf("dedup hits = %d, want 5", d)
		}
	})
}

// shownTally is the tally block of the last chat.update of message ts.
func shownTally(t *testing.T, fake *slackfake.Server, ts string) string {
	t.Helper()
	var last slackfake.Call
	for _, c := range fake.Answered("chat.update") {
		if c.Form.Get("ts") == ts {
			last = c
		}
	}
	return tallyText(t, last)
}

func TestVoteBurst(t *testing.T) {
	t.Run("one replica", func(t *testing.T) {
		voteBurst(t, 1, filepath.Join(t.TempDir(), "votes.db"))
	})
	t.Run("two replicas on postgres", func(t *testing.T) {
		voteBurst(t, 2, storetest.PostgresDSN(t))
	})
}

// voteBurst: 100 users click at once on one case, then 30 change their
// vote, the clicks spread over the replicas; the store's tally and the
// last tally shown in Slack are both exact.
func voteBurst(t *testing.T, n int, dsn string) {
	fake, hs := replicas(t, n, dsn, Options{})
	h0 := hs[0]
	ctx := context.Background()
	// The analysis goes through the first replica.
	f := fake.AddFile(slackfake.File{File: slack.File{ID: "FV", Name: "v.eml", Mimetype: "message/rfc822"}, Content: []byte(testMail("Verify burst", true))})
	if code := postEvent(t, h0.bot.Handler(testSecret), fileEvent("EvV", "C1", "88.0", "U0", f)); code != 200 {
		t.Fatalf("event: %d", code)
	}
	ups := h0.waitCallsFor("chat.update", 1, 10*time.Second)
	h0.settle()
	msg := resultMessage(t, ups[0])
	caseID := int64(1)
	if c, err := h0.st.ListCases(ctx, time.Time{}, 0); err != nil || len(c) != 1 {
		t.Fatalf("cases: %v %v", c, err)
	} else {
		caseID = c[0].Case.ID
	}
	click := func(i int, user, choice string) {
		h := hs[i%len(hs)]
		if code := postInteraction(t, h.bot.Handler(testSecret), votePayload(user, choice, caseID, msg)); code != 200 {
			t.Errorf("click %s: %d", user, code)
		}
	}
	var wg sync.WaitGroup
	for i := range 100 {
		choice := store.Phishing
		if i%4 == 0 {
			choice = store.Legitimate
		}
		wg.Go(func() { click(i, fmt.Sprintf("U%03d", i), choice) })
	}
	wg.Wait()
	for i := range 30 { // 30 phishing voters change to not_sure
		wg.Go(func() { click(i+1, fmt.Sprintf("U%03d", 1+i+i/3), store.NotSure) })
	}
	wg.Wait()
	for _, h := range hs {
		h.settleFor(60 * time.Second)
	}
	tl, err := h0.st.Tally(ctx, caseID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Votes) != 100 || tl.Legitimate != 25 || tl.NotSure != 30 || tl.Phishing != 45 {
		t.Fatalf("store tally = %d votes: phishing %d, legitimate %d, not sure %d; want 100: 45, 25, 30", len(tl.Votes), tl.Phishing, tl.Legitimate, tl.NotSure)
	}
	shown := shownTally(t, fake, msg.Timestamp)
	for _, want := range []string{"45", "25", "30"} {
		if !strings.Contains(shown, want) {
			t.Errorf("last tally shown %s lacks %s", shown, want)
		}
	}
	var votes int64
	for _, h := range hs {
		votes += h.bot.Metrics.Votes.Load()
	}
	if votes != 130 {
		t.Errorf("votes recorded = %d, want 130", votes)
	}
	if e := len(fake.Calls("chat.postEphemeral")); e != 130 {
		t.Errorf("confirmations = %d, want 130", e)
	}
	t.Logf("%d replica(s): %d chat.update calls for 130 clicks", n, len(fake.Calls("chat.update"))-1)
}

func TestSlackRetries(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true})
	h.fake.Inject(slackfake.Fault{Method: "chat.postMessage", Status: 429, RetryAfter: 1, Times: 2})
	h.fake.Inject(slackfake.Fault{Method: "chat.update", Status: 500, Until: time.Now().Add(4 * time.Second)})
	f := emlFile(h, "FR", "r.eml", testMail("Verify retries", true))
	start := time.Now()
	h.send(slackfake.EventsAPI, fileEvent("EvR", "C1", "90.0", "U1", f))
	h.waitCallsFor("reactions.add", 2, 20*time.Second)
	h.settle()
	if el := time.Since(start); el < 4*time.Second {
		t.Errorf("finished in %v, before the 500s ended", el)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 3 || posts[0].Fault != "429" || posts[1].Fault != "429" || posts[2].Fault != "" {
		t.Errorf("placeholder posts: %d", len(posts))
	}
	if gap := posts[1].At.Sub(posts[0].At); gap < 900*time.Millisecond {
		t.Errorf("Retry-After: 1 not honoured (retried after %v)", gap)
	}
	ok := h.fake.Answered("chat.update")
	if len(ok) != 1 || !strings.Contains(ok[0].Form.Get("blocks"), "tally") {
		t.Fatalf("delivered replies = %d", len(ok))
	}
	var verdictAt time.Time
	for _, c := range h.fake.Calls("reactions.add") {
		if c.Form.Get("name") != "eyes" {
			verdictAt = c.At
		}
	}
	if verdictAt.Before(ok[0].At) {
		t.Error("verdict reaction before the reply was delivered")
	}
	if h.bot.Metrics.SlackRetries.Load() < 3 {
		t.Errorf("retries = %d", h.bot.Metrics.SlackRetries.Load())
	}
}

func TestJobThatFailsSaysSo(t *testing.T) {
	h := newHarness(t, harnessOpts{socket: true, opts: Options{JobDeadline: 3 * time.Second, AttemptTimeout: 500 * time.Millisecond}})
	h.fake.Inject(slackfake.Fault{Method: "chat.update", Status: 500})
	f := emlFile(h, "FF", "f.eml", testMail("Verify fails", true))
	h.send(slackfake.EventsAPI, fileEvent("EvF", "C1", "91.0", "U1", f))
	posts := h.waitCallsFor("chat.postMessage", 2, 15*time.Second)
	h.settle()
	if !strings.Contains(posts[1].Form.Get("text"), "couldn't finish") || posts[1].Form.Get("thread_ts") != "91.0" {
		t.Errorf("failure notice = %q in %q", posts[1].Form.Get("text"), posts[1].Form.Get("thread_ts"))
	}
	for _, c := range h.fake.Calls("reactions.add") {
		if c.Form.Get("name") != "eyes" {
			t.Errorf("verdict reaction %q without a reply", c.Form.Get("name"))
		}
	}
	if h.bot.Metrics.JobsFailed.Load() != 1 {
		t.Errorf("jobs failed = %d\n%s", h.bot.Metrics.JobsFailed.Load(), h.logs.String())
	}
}

// TestShutdownReturnsJobs: SIGTERM while Slack hangs: the bot stops within
// its grace, the jobs go back to the queue, and the next start finishes
// each thread it started (no second placeholder).
func TestShutdownReturnsJobs(t *testing.T) {
	backends(t, func(t *testing.T, dsn string) {
		fake := slackfake.New(testBotToken)
		t.Cleanup(fake.Close)
		o := Options{ShutdownGrace: 2 * time.Second, AttemptTimeout: time.Second}
		h := newHarness(t, harnessOpts{dsn: dsn, fake: fake, opts: o})
		fake.Inject(slackfake.Fault{Method: "chat.update", Hang: true})
		const n = 8
		for i := range n {
			f := fake.AddFile(slackfake.File{File: slack.File{ID: fmt.Sprintf("FS%d", i), Name: "s.eml", Mimetype: "message/rfc822"}, Content: []byte(testMail(fmt.Sprintf("Verify stop %d", i), true))})
			if code := postEvent(t, h.bot.Handler(testSecret), fileEvent(fmt.Sprintf("EvS%d", i), "C1", fmt.Sprintf("95.%d", i), "U1", f)); code != 200 {
				t.Fatalf("event %d: %d", i, code)
			}
		}
		h.waitCallsFor("chat.update", n, 10*time.Second) // every job hangs on its reply
		start := time.Now()
		h.stop()
		if el := time.Since(start); el > o.ShutdownGrace+time.Second {
			t.Errorf("stop took %v, grace is %v", el, o.ShutdownGrace)
		}
		if !strings.Contains(h.logs.String(), fmt.Sprintf("returned_to_queue=%d", n)) {
			t.Errorf("no count of returned jobs in the log")
		}
		fake.ClearFaults()
		h2 := newHarness(t, harnessOpts{dsn: dsn, fake: fake, opts: o})
		h2.settleFor(30 * time.Second)
		threads := map[string]int{}
		for _, c := range fake.Answered("chat.update") {
			if strings.Contains(c.Form.Get("blocks"), "tally") {
				threads[c.Form.Get("ts")]++
			}
		}
		if len(threads) != n {
			t.Errorf("threads answered = %d, want %d", len(threads), n)
		}
		if p := len(fake.Calls("chat.postMessage")); p != n {
			t.Errorf("placeholders posted = %d, want %d (a resumed job updates its own)", p, n)
		}
	})
}
