package bot

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzHTTPHandler sends correctly signed but arbitrary bodies to the three
// Slack endpoints: the handler must answer with a sane status and never
// panic, whatever Slack (or an attacker holding the secret) sends.
func FuzzHTTPHandler(f *testing.F) {
	seeds := []string{
		`{"type":"url_verification","challenge":"x"}`,
		`{"type":"event_callback","event_id":"E1","event":{"type":"app_mention","user":"U1","text":"<@UBOT0001> hi","ts":"1.0","channel":"C1"}}`,
		`{"type":"event_callback","event_id":"E2","event":{"type":"message","subtype":"file_share","files":[{"id":"F1","name":"a.eml","size":-5}],"ts":"1.1","channel":"C1","user":"U1"}}`,
		`command=%2Fcheckmail&text=help&user_id=U1&channel_id=C1`,
		`payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22action_id%22%3A%22vote_phishing%22%2C%22block_id%22%3A%22a%22%2C%22value%22%3A%22-1%22%7D%5D%7D`,
		`payload=%7B%22type%22%3A%22view_submission%22%2C%22view%22%3A%7B%22callback_id%22%3A%22checkmail_modal%22%2C%22private_metadata%22%3A%22%7B%22%7D%7D`,
		`payload=null`, `{`, ``,
	}
	for _, s := range seeds {
		f.Add(0, s)
		f.Add(1, s)
		f.Add(2, s)
	}
	h := newHarness(f, harnessOpts{opts: Options{Workers: 1}})
	handler := h.bot.Handler(testSecret)
	paths := []string{"/slack/events", "/slack/commands", "/slack/interactions"}
	f.Fuzz(func(t *testing.T, which int, body string) {
		path := paths[(which%3+3)%3]
		ts := time.Now().Unix()
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if strings.HasPrefix(body, "{") {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %s %q", rec.Code, path, body)
		}
	})
}
