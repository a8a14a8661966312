package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/store"
	"github.com/checkmail/checkmail/store/storetest"
)

// The end-to-end tests run `checkmail serve` as a child process (this test
// binary, re-executed) so it can be killed with SIGKILL or SIGTERM.
const childEnv = "CHECKMAIL_E2E_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		code := run(ctx, []string{"serve"}, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

const (
	e2eToken  = "xoxb-e2e-token-0001"
	e2eSecret = "e2e-signing-secret-0123456789"
)

type replica struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
	mu   *sync.Mutex
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, once done
}

// wait waits for the process to exit.
func (r *replica) wait() error {
	<-r.done
	return r.err
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (r *replica) log() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.logs.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startReplica runs `checkmail serve` in HTTP mode on the given store.
func startReplica(t *testing.T, fake *slackfake.Server, db string, extra ...string) *replica {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1",
		"SLACK_BOT_TOKEN="+e2eToken, "SLACK_SIGNING_SECRET="+e2eSecret, "SLACK_APP_TOKEN=",
		"CHECKMAIL_SLACK_API_URL="+fake.APIURL(), "CHECKMAIL_LISTEN="+addr, "CHECKMAIL_DB="+db,
		"CHECKMAIL_OFFLINE=1", "CHECKMAIL_WORKERS=8")
	cmd.Env = append(cmd.Env, extra...)
	r := &replica{cmd: cmd, base: "http://" + addr, logs: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan struct{})}
	cmd.Stdout = lockedWriter{r.mu, r.logs}
	cmd.Stderr = lockedWriter{r.mu, r.logs}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.err = cmd.Wait(); close(r.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.done
		if t.Failed() {
			t.Logf("replica log:\n%s", tail(r.log(), 4000))
		}
	})
	for i := 0; ; i++ {
		resp, err := http.Get(r.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			return r
		}
		if i > 300 {
			t.Fatalf("replica did not start:\n%s", r.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (r *replica) postEvent(t *testing.T, ev any) int {
	t.Helper()
	raw, _ := json.Marshal(ev)
	ts := time.Now().Unix()
	req, _ := http.NewRequest("POST", r.base+"/slack/events", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	m := hmac.New(sha256.New, []byte(e2eSecret))
	fmt.Fprintf(m, "v0:%d:%s", ts, raw)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// dbs are the stores the e2e tests run on: a SQLite file and Postgres.
func dbs(t *testing.T, fn func(t *testing.T, db string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "e2e.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresDSN(t)) })
}

func uploads(t *testing.T, fake *slackfake.Server, r *replica, n int, prefix string) {
	t.Helper()
	mail, err := os.ReadFile("../../analysis/testdata/smartalk-phish.eml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		f := fake.AddFile(slackfake.File{File: slack.File{ID: fmt.Sprintf("F%s%d", prefix, i), Name: "m.eml", Mimetype: "message/rfc822"}, Content: mail})
		ev := slackfake.EventCallback(fmt.Sprintf("Ev%s%d", prefix, i), map[string]any{
			"type": "message", "subtype": "file_share", "channel": "C1", "user": fmt.Sprintf("U%s%d", prefix, i), // one user each: under the rate limit
			"ts": fmt.Sprintf("%s.%d", prefix, i), "files": []slack.File{f}, "channel_type": "channel",
		})
		if code := r.postEvent(t, ev); code != http.StatusOK {
			t.Fatalf("event %d answered %d", i, code)
		}
	}
}

// answered counts the threads whose placeholder was replaced by a report.
func answered(fake *slackfake.Server) (threads map[string]int) {
	threads = map[string]int{}
	for _, c := range fake.Answered("chat.update") {
		if strings.Contains(c.Form.Get("blocks"), "tally") {
			threads[c.Form.Get("ts")]++
		}
	}
	return threads
}

func waitAnswered(t *testing.T, fake *slackfake.Server, n int, timeout time.Duration) map[string]int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		th := answered(fake)
		if len(th) >= n {
			return th
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d threads answered after %v", len(th), n, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// casesJSON reads the store through `checkmail cases --format json`.
func casesJSON(t *testing.T, db string) []caseJSON {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"cases", "--format", "json"}, strings.NewReader(""), &stdout, &stderr, env(map[string]string{"CHECKMAIL_DB": db}))
	if code != 0 {
		t.Fatalf("checkmail cases: %d %s", code, stderr.String())
	}
	var cs []caseJSON
	if err := json.Unmarshal(stdout.Bytes(), &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestKill9Recovery: a replica killed with SIGKILL with 30 acknowledged
// events; after a restart all 30 are answered, each in the thread the job
// started (one placeholder per thread), one case each.
func TestKill9Recovery(t *testing.T) {
	dbs(t, func(t *testing.T, db string) {
		fake := slackfake.New(e2eToken)
		defer fake.Close()
		const n = 30
		// Long enough that no job gives up on the hung Slack before the kill
		// (sending 30 events takes seconds under -race); the dead replica's
		// running jobs are rescued ~40s after they started.
		jobTimeout := "CHECKMAIL_JOB_TIMEOUT=30s"
		r1 := startReplica(t, fake, db, jobTimeout)
		fake.Inject(slackfake.Fault{Method: "chat.update", Hang: true}) // replies stall: work is in flight
		uploads(t, fake, r1, n, "70")
		if _, err := fake.WaitFor(60*time.Second, func(cs []slackfake.Call) bool {
			k := 0
			for _, c := range cs {
				if c.Method == "chat.update" {
					k++
				}
			}
			return k >= 1
		}); err != nil {
			t.Fatal("jobs did not start")
		}
		if err := r1.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = r1.wait()
		fake.ClearFaults()
		startReplica(t, fake, db, jobTimeout)
		defer func() {
			if t.Failed() {
				dumpJobs(t, db)
			}
		}()
		th := waitAnswered(t, fake, n, 150*time.Second)
		time.Sleep(500 * time.Millisecond)
		if len(th) != n {
			t.Errorf("threads answered = %d, want %d", len(th), n)
		}
		placeholders := map[string]int{}
		for _, c := range fake.Answered("chat.postMessage") {
			placeholders[c.Form.Get("thread_ts")]++
		}
		for ts, k := range placeholders {
			if k != 1 {
				var texts []string
				for _, c := range fake.Calls("chat.postMessage") {
					if c.Form.Get("thread_ts") == ts {
						texts = append(texts, c.Fault+":"+c.At.Format("05.000")+":"+c.Form.Get("text"))
					}
				}
				t.Errorf("thread %s got %d placeholders: %q", ts, k, texts)
			}
		}
		if cs := casesJSON(t, db); len(cs) != n {
			t.Errorf("cases stored = %d, want %d", len(cs), n)
		}
	})
}

// TestSIGTERMWithSlackHanging: SIGTERM while every reply hangs: the
// replica exits 0 within its grace and logs how many jobs went back;
// nothing is dropped: the next start answers every event.
func TestSIGTERMWithSlackHanging(t *testing.T) {
	dbs(t, func(t *testing.T, db string) {
		fake := slackfake.New(e2eToken)
		defer fake.Close()
		const n = 12
		grace := "CHECKMAIL_SHUTDOWN_GRACE=3s"
		r1 := startReplica(t, fake, db, grace)
		fake.Inject(slackfake.Fault{Method: "chat.update", Hang: true})
		uploads(t, fake, r1, n, "80")
		time.Sleep(time.Second)
		start := time.Now()
		if err := r1.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		err := r1.wait()
		if el := time.Since(start); el > 4*time.Second {
			t.Errorf("exit took %v with a 3s grace", el)
		}
		if err != nil {
			t.Errorf("exit: %v", err)
		}
		if !strings.Contains(r1.log(), `"returned_to_queue":`) {
			t.Errorf("no count of returned jobs logged:\n%s", tail(r1.log(), 2000))
		}
		fake.ClearFaults()
		startReplica(t, fake, db, grace)
		th := waitAnswered(t, fake, n, 60*time.Second)
		if len(th) != n {
			t.Errorf("threads answered = %d, want %d", len(th), n)
		}
		if cs := casesJSON(t, db); len(cs) != n {
			t.Errorf("cases = %d, want %d", len(cs), n)
		}
	})
}

// dumpJobs logs the queue's jobs (debugging a failed test).
func dumpJobs(t *testing.T, db string) {
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Log(err)
		return
	}
	defer st.Close()
	rows, err := st.DB().Query(`SELECT state, attempt, COALESCE(CAST(errors AS TEXT), '') FROM river_job`)
	if err != nil {
		t.Log(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var state, errs string
		var attempt int
		_ = rows.Scan(&state, &attempt, &errs)
		t.Logf("job %s attempt %d %s", state, attempt, tail(errs, 300))
	}
}
