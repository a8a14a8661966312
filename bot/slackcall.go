package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"time"

	"github.com/slack-go/slack"
)

// callAttemptTimeout bounds one attempt of a Slack Web API call (a hung
// Slack is retried, not waited for).
const defaultAttemptTimeout = 10 * time.Second

// call runs one Slack Web API call with retries until it succeeds, fails
// for good, or ctx (the job's deadline) ends: 429 waits Retry-After; 5xx,
// network errors and hung attempts back off exponentially with jitter.
// Slack's own errors ({"ok":false,…}) are final.
func (b *Bot) call(ctx context.Context, method string, fn func(ctx context.Context) error) error {
	backoff := 200 * time.Millisecond
	for attempt := 0; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, b.opts.AttemptTimeout)
		start := time.Now()
		err := fn(actx)
		cancel()
		status := 200
		var rl *slack.RateLimitedError
		var sc slack.StatusCodeError
		var wait time.Duration
		switch {
		case err == nil:
		case errors.As(err, &rl):
			status, wait = 429, rl.RetryAfter
			if wait <= 0 {
				wait = time.Second
			}
		case errors.As(err, &sc):
			status = sc.Code
			if sc.Code < 500 {
				b.Metrics.SlackCall(method, status, time.Since(start))
				return err
			}
			wait = backoff
		case isTransient(err):
			status, wait = 0, backoff
		default:
			// {"ok":false,"error":…}: Slack answered; retrying changes nothing.
			b.Metrics.SlackCall(method, status, time.Since(start))
			return err
		}
		b.Metrics.SlackCall(method, status, time.Since(start))
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		if wait == backoff {
			wait += time.Duration(rand.Int64N(int64(backoff)/2 + 1))
			backoff = min(backoff*2, 5*time.Second)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return err // the retry could not finish in time
		}
		b.Metrics.SlackRetries.Add(1)
		b.log.Debug("retrying slack call", "method", method, "status", status, "wait", wait.String(), "attempt", attempt+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// isTransient reports network errors and attempt timeouts.
func isTransient(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}
