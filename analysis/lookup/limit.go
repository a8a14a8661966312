package lookup

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// limiter keeps per-server request rates polite: a token bucket per host.
// Waiting counts against the caller's deadline; a wait that cannot finish
// before the deadline fails at once.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

const maxBuckets = 1024

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// wait takes one token for host, sleeping if the bucket is empty.
func (l *limiter) wait(ctx context.Context, host string) error {
	if l == nil || l.rate <= 0 {
		return nil
	}
	l.mu.Lock()
	now := l.now()
	b, ok := l.buckets[host]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			for k := range l.buckets { // drop an arbitrary host
				delete(l.buckets, k)
				break
			}
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[host] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(l.burst, b.tokens+el*l.rate)
		b.last = now
	}
	b.tokens--
	var d time.Duration
	if b.tokens < 0 {
		d = time.Duration(-b.tokens / l.rate * float64(time.Second))
	}
	if dl, ok := ctx.Deadline(); ok && d > 0 && now.Add(d).After(dl) {
		b.tokens++ // give the reservation back
		l.mu.Unlock()
		return fmt.Errorf("rate limit for %s: next slot in %s, after the deadline: %w", host, d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	l.mu.Unlock()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
