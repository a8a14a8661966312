package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/checkmail/checkmail/bot/slackfake"
	"github.com/checkmail/checkmail/config"
	"github.com/checkmail/checkmail/store"
)

func sign(secret string, ts int64, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// startHTTP runs the bot through run() in HTTP mode against a fake Slack.
func startHTTP(t *testing.T) (base string, fake *slackfake.Server, logs *syncBuffer) {
	t.Helper()
	fake = slackfake.New(testBotToken)
	t.Cleanup(fake.Close)
	st, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	env := map[string]string{
		"SLACK_BOT_TOKEN": testBotToken, "SLACK_SIGNING_SECRET": testSecret,
		"CHECKMAIL_SLACK_API_URL": fake.APIURL(), "CHECKMAIL_OFFLINE": "1",
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, cfg, &mailAnalyzer{}, st, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), ln)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	base = "http://" + ln.Addr().String()
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i > 100 {
			t.Fatal("server did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return base, fake, logs
}

func TestHTTPMode(t *testing.T) {
	base, fake, logs := startHTTP(t)
	now := time.Now().Unix()
	challenge := `{"token":"x","challenge":"c-123","type":"url_verification"}`
	cmd := url.Values{"command": {"/checkmail"}, "text": {slackFormat(testMail("Verify http", true))}, "user_id": {"U1"},
		"channel_id": {"C1"}, "trigger_id": {"t"}, "response_url": {fake.ResponseURL("h")}}.Encode()
	big := strings.Repeat("a", MaxRequestBody+10)
	tests := []struct {
		name, path, body, contentType string
		ts                            int64
		sig                           string // "" → correct signature
		want                          int
		wantBody                      string
	}{
		{"challenge", "/slack/events", challenge, "application/json", now, "", 200, "c-123"},
		{"bad signature", "/slack/events", challenge, "application/json", now, sign("wrong-secret", now, challenge), 401, ""},
		{"stale timestamp", "/slack/events", challenge, "application/json", now - 6*60, "", 401, ""},
		{"future timestamp", "/slack/events", challenge, "application/json", now + 6*60, "", 401, ""},
		{"missing signature", "/slack/events", challenge, "application/json", now, "-", 401, ""},
		{"body over cap", "/slack/events", big, "application/json", now, "", 413, ""},
		{"tampered body", "/slack/commands", cmd + "&x=1", "application/x-www-form-urlencoded", now, sign(testSecret, now, cmd), 401, ""},
		{"slash command", "/slack/commands", cmd, "application/x-www-form-urlencoded", now, "", 200, "Analyzing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", base+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.contentType)
			req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(tt.ts, 10))
			switch tt.sig {
			case "":
				req.Header.Set("X-Slack-Signature", sign(testSecret, tt.ts, tt.body))
			case "-":
			default:
				req.Header.Set("X-Slack-Signature", tt.sig)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want || !strings.Contains(string(b), tt.wantBody) {
				t.Errorf("status %d body %q, want %d containing %q", resp.StatusCode, b, tt.want, tt.wantBody)
			}
		})
	}
	// The accepted slash command was analyzed and answered in Slack.
	if _, err := fake.WaitFor(30*time.Second, func(cs []slackfake.Call) bool { return count(cs, "chat.update") >= 1 }); err != nil {
		t.Fatal(err)
	}

	// Interactions arrive as a form field "payload".
	payload, _ := json.Marshal(map[string]any{"type": "message_action", "callback_id": CallbackShortcut, "user": map[string]any{"id": "U3"},
		"channel": map[string]any{"id": "C2"}, "message": map[string]any{"ts": "7.0", "user": "U4", "text": slackFormat(testMail("http shortcut", true))}})
	form := url.Values{"payload": {string(payload)}}.Encode()
	req, _ := http.NewRequest("POST", base+"/slack/interactions", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now, 10))
	req.Header.Set("X-Slack-Signature", sign(testSecret, now, form))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("interaction: %v %v", err, resp)
	}
	resp.Body.Close()
	if _, err := fake.WaitFor(30*time.Second, func(cs []slackfake.Call) bool { return count(cs, "chat.update") >= 2 }); err != nil {
		t.Fatal(err)
	}

	// Metrics count what happened; healthz answers.
	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"checkmail_bad_signatures_total 5\n", "checkmail_events_received_total 2\n", "checkmail_analyses_total "} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics missing %q:\n%s", want, m)
		}
	}
	if strings.Contains(logs.String(), testSecret) || strings.Contains(logs.String(), testBotToken) {
		t.Error("logs contain a secret")
	}
}

func TestRunRejectsIncompleteConfig(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no bot token", map[string]string{}, "SLACK_BOT_TOKEN"},
		{"http without secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _ := config.Load(func(k string) string { return tt.env[k] })
			err := Run(context.Background(), cfg, &mailAnalyzer{}, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want mention of %s", err, tt.want)
			}
		})
	}
}

func TestRunSocketModeFromConfig(t *testing.T) {
	fake := slackfake.New(testBotToken)
	defer fake.Close()
	st, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	env := map[string]string{"SLACK_BOT_TOKEN": testBotToken, "SLACK_APP_TOKEN": testAppToken, "CHECKMAIL_SLACK_API_URL": fake.APIURL()}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, &mailAnalyzer{}, st, nil) }()
	if err := fake.WaitConnected(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	_, ack, err := fake.Send(slackfake.SlashCommands, map[string]any{"command": "/checkmail", "text": "help", "user_id": "U1", "channel_id": "C1"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case a := <-ack:
		if !strings.Contains(string(a.Payload), "/checkmail") {
			t.Errorf("help ack = %s", a.Payload)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no ack")
	}
	// apps.connections.open used the app-level token.
	if c := fake.Calls("apps.connections.open"); len(c) == 0 || c[0].Auth != "Bearer "+testAppToken {
		t.Errorf("apps.connections.open auth wrong")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
