package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/checkmail/checkmail/analysis"
	"github.com/checkmail/checkmail/analysis/report"
	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/store"
)

// Secrets used by every test; TestSecretsNeverLeak scans for them.
const (
	testBotToken = "xoxb-1111-2222-SECRETBOTTOKENvalue"
	testAppToken = "xapp-1-A111-SECRETAPPTOKENvalue"
	testSecret   = "signing-SECRET-0123456789abcdef"
)

// mailAnalyzer is a small, real analyzer for tests: it parses the mail with
// net/mail and derives a report (phishing when the subject asks to
// "verify"). Inputs that are not mail give analysis.ErrInput. It panics on
// a subject containing "PANIC" and sleeps on "SLOW" to test recovery and
// draining.
type mailAnalyzer struct {
	mu    sync.Mutex
	calls int
	delay time.Duration
}

func (a *mailAnalyzer) Calls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.calls
}

func (a *mailAnalyzer) Analyze(ctx context.Context, r io.Reader, o analysis.Options) (*report.Report, error) {
	a.mu.Lock()
	a.calls++
	a.mu.Unlock()
	raw, err := io.ReadAll(io.LimitReader(r, 30<<20))
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(raw, []byte("\n\n")) && !bytes.Contains(raw, []byte("\r\n\r\n")) {
		raw = append(raw, "\n\n"...)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", analysis.ErrInput, err)
	}
	h := m.Header
	if h.Get("From") == "" && h.Get("Received") == "" {
		return nil, fmt.Errorf("%w: no mail headers", analysis.ErrInput)
	}
	subj := h.Get("Subject")
	if strings.Contains(subj, "PANIC") {
		panic("test analyzer panic")
	}
	if strings.Contains(subj, "SLOW") {
		select {
		case <-time.After(a.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	rep := &report.Report{File: o.File, Subject: subj, MessageID: strings.Trim(h.Get("Message-ID"), "<>"),
		Input: report.Input{Kind: "eml", Size: len(raw)}, Hops: []report.Hop{}, Domains: []report.Domain{},
		Links: []report.Link{}, Attachments: []report.Attachment{}, Lookups: []report.Lookup{},
		Sender: report.Sender{DKIMDomains: []string{}}}
	if from, err := mail.ParseAddress(h.Get("From")); err == nil {
		rep.Sender.From, rep.Sender.DisplayName = from.Address, from.Name
		if _, d, ok := strings.Cut(from.Address, "@"); ok {
			rep.Sender.FromDomain = d
		}
	} else {
		rep.Sender.From = h.Get("From")
	}
	for _, rcv := range h["Received"] {
		rep.Hops = append(rep.Hops, report.Hop{Raw: rcv})
	}
	if strings.Contains(strings.ToLower(subj), "verify") {
		rep.Verdict = report.Verdict{Level: report.Phishing, Score: 85, Reasons: []report.Reason{{Code: "lure", Text: "asks to verify an account", Weight: 40}}}
	} else {
		rep.Verdict = report.Verdict{Level: report.Legitimate, Score: 5, Reasons: []report.Reason{}}
	}
	return rep, nil
}

// testMail builds a small mail.
func testMail(subject string, received bool) string {
	var b strings.Builder
	if received {
		b.WriteString("Received: from mail.attacker.example (mail.attacker.example [203.0.113.9])\r\n\tby mx.example.com with ESMTPS id abc; Thu, 26 Nov 2026 10:00:00 +0000\r\n")
	}
	b.WriteString("From: Bank Support <support@bank-secure.example>\r\nTo: user@example.com\r\n")
	b.WriteString("Subject: " + subject + "\r\nMessage-ID: <" + strings.ReplaceAll(subject, " ", "") + "@bank-secure.example>\r\n")
	b.WriteString("Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\nPlease log in.\r\n")
	return b.String()
}

// slackFormat turns pasted text into what Slack delivers (entities
// escaped, addresses wrapped in mailto links).
func slackFormat(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	return strings.ReplaceAll(s, "support@bank-secure.example", "<mailto:support@bank-secure.example|support@bank-secure.example>")
}

// syncBuffer is a concurrency-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type harness struct {
	t    testing.TB
	fake *slackfake.Server
	bot  *Bot
	st   *store.Store
	an   *mailAnalyzer
	logs *syncBuffer
	stop func()
}

type harnessOpts struct {
	opts     Options
	socket   bool
	analyzer Analyzer          // nil: a mailAnalyzer
	dsn      string            // the store (default: a new SQLite file)
	fake     *slackfake.Server // share a fake Slack (replicas); nil: a new one
}

// newHarness starts a fake Slack, a real in-memory store and a bot; with
// socket it also connects the bot through Socket Mode.
func newHarness(t testing.TB, ho harnessOpts) *harness {
	t.Helper()
	fake := ho.fake
	ownFake := fake == nil
	if ownFake {
		fake = slackfake.New(testBotToken)
	}
	dsn := ho.dsn
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "checkmail.db")
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	api := slack.New(testBotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(testAppToken))
	an := &mailAnalyzer{delay: 300 * time.Millisecond}
	var use Analyzer = an
	if ho.analyzer != nil {
		use = ho.analyzer
	}
	o := ho.opts
	o.APIURL = fake.APIURL()
	if o.PollInterval == 0 {
		o.PollInterval = 20 * time.Millisecond
	}
	if o.ShutdownGrace == 0 {
		o.ShutdownGrace = 10 * time.Second
	}
	o.Secrets = []string{testBotToken, testAppToken, testSecret}
	b, err := New(api, use, st, o, logger)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, fake: fake, bot: b, st: st, an: an, logs: logs}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	if ho.socket {
		sm := socketmode.New(api, socketmode.OptionLog(slogAdapter{b.log}), socketmode.OptionPingInterval(5*time.Second))
		go func() { done <- b.RunSocketMode(ctx, sm) }()
		if err := fake.WaitConnected(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	} else {
		close(done)
	}
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			<-done
			b.Close()
			if ownFake {
				fake.Close()
			}
			_ = st.Close()
		})
	}
	t.Cleanup(h.stop)
	return h
}

// send delivers an envelope and waits for its ack.
func (h *harness) send(kind string, payload any) slackfake.Ack {
	h.t.Helper()
	_, ch, err := h.fake.Send(kind, payload, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	select {
	case a := <-ch:
		return a
	case <-time.After(5 * time.Second):
		h.t.Fatal("no ack within 5s")
	}
	return slackfake.Ack{}
}

// waitCalls waits until at least n calls of method were made.
func (h *harness) waitCalls(method string, n int) []slackfake.Call {
	h.t.Helper()
	return h.waitCallsFor(method, n, 5*time.Second)
}

func (h *harness) waitCallsFor(method string, n int, timeout time.Duration) []slackfake.Call {
	h.t.Helper()
	_, err := h.fake.WaitFor(timeout, func(cs []slackfake.Call) bool { return count(cs, method) >= n })
	if err != nil {
		h.t.Fatalf("waiting for %d %s: %v (got %d); calls: %s", n, method, err, len(h.fake.Calls(method)), methods(h.fake.Calls()))
	}
	return h.fake.Calls(method)
}

// settle waits until no job is queued or running.
func (h *harness) settle() {
	h.t.Helper()
	h.settleFor(10 * time.Second)
}

func (h *harness) settleFor(d time.Duration) {
	h.t.Helper()
	deadline := time.Now().Add(d)
	for {
		n, err := h.bot.pendingJobs(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 && h.bot.Metrics.JobsInFlight.Load() == 0 {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d jobs still queued or running after %v", n, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func count(cs []slackfake.Call, method string) int {
	n := 0
	for _, c := range cs {
		if c.Method == method {
			n++
		}
	}
	return n
}

func methods(cs []slackfake.Call) string {
	var s []string
	for _, c := range cs[max(0, len(cs)-30):] {
		s = append(s, c.Method)
	}
	return strings.Join(s, ",")
}

// blocksOf decodes the blocks field of a chat call.
func blocksOf(t testing.TB, c slackfake.Call) []map[string]any {
	t.Helper()
	raw := c.Form.Get("blocks")
	if raw == "" {
		return nil
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	return out
}

func fileEvent(eventID, channel, ts, user string, f slack.File) map[string]any {
	return slackfake.EventCallback(eventID, map[string]any{
		"type": "message", "subtype": "file_share", "channel": channel, "user": user,
		"ts": ts, "text": "", "files": []slack.File{f}, "channel_type": "channel",
	})
}

func slashPayload(h *harness, user, text string) map[string]any {
	return map[string]any{
		"command": "/checkmail", "text": text, "user_id": user, "user_name": strings.ToLower(user),
		"channel_id": "C1", "channel_name": "triage", "team_id": slackfake.TeamID,
		"trigger_id": "trig-1", "response_url": h.fake.ResponseURL("cmd-1"),
	}
}
