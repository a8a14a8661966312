package bot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// MaxRequestBody caps the body of a Slack request in HTTP mode.
const MaxRequestBody = 1 << 20

// Handler returns the HTTP mode handler: POST /slack/commands,
// /slack/events, /slack/interactions (all signature-verified: a bad or
// stale signature is 401, a body over MaxRequestBody is 413), GET /healthz
// and GET /metrics. Work started by a request outlives it (it runs in the
// bot's pool), so the handler answers within Slack's 3 seconds.
func (b *Bot) Handler(signingSecret string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", b.verified(signingSecret, b.httpEvents))
	mux.HandleFunc("POST /slack/commands", b.verified(signingSecret, b.httpCommands))
	mux.HandleFunc("POST /slack/interactions", b.verified(signingSecret, b.httpInteractions))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.Handle("GET /metrics", b.Metrics.Handler())
	return mux
}

// verified reads the capped body and checks X-Slack-Signature over it
// (5-minute timestamp window) before calling next with the body.
func (b *Bot) verified(secret string, next func(http.ResponseWriter, *http.Request, []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequestBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		sv, err := slack.NewSecretsVerifier(r.Header, secret)
		if err == nil {
			_, _ = sv.Write(body)
			err = sv.Ensure()
		}
		if err != nil {
			b.Metrics.BadSignatures.Add(1)
			b.log.Warn("slack request refused", "path", r.URL.Path, "reason", signatureReason(err))
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	}
}

func signatureReason(err error) string {
	switch {
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return "stale timestamp"
	case errors.Is(err, slack.ErrMissingHeaders):
		return "missing signature headers"
	}
	return "bad signature"
}

func (b *Bot) httpEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if ev.Type == slackevents.URLVerification {
		var ch slackevents.ChallengeResponse
		if err := json.Unmarshal(body, &ch); err != nil {
			http.Error(w, "bad challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, ch.Challenge)
		return
	}
	start := time.Now()
	if ev.Type == slackevents.CallbackEvent {
		if err := b.HandleEvent(r.Context(), ev); err != nil {
			// Nothing durable exists: Slack retries a 5xx.
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
	b.Metrics.AckSeconds.Observe(time.Since(start).Seconds())
}

func (b *Bot) httpCommands(w http.ResponseWriter, r *http.Request, body []byte) {
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cmd, err := slack.SlashCommandParse(req)
	if err != nil {
		http.Error(w, "bad command", http.StatusBadRequest)
		return
	}
	start := time.Now()
	writeAck(w, b.HandleCommand(r.Context(), cmd))
	b.Metrics.AckSeconds.Observe(time.Since(start).Seconds())
}

func (b *Bot) httpInteractions(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	start := time.Now()
	writeAck(w, b.HandleInteraction(r.Context(), cb))
	b.Metrics.AckSeconds.Observe(time.Since(start).Seconds())
}

func writeAck(w http.ResponseWriter, a Ack) {
	if _, ok := a.(errAck); ok {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if a == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(a); err != nil && !strings.Contains(err.Error(), "closed") {
		return
	}
}
