// Package ratelimit is a per-key token bucket (one bucket per Slack user)
// with a bounded number of buckets.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows Burst actions at once per key, refilled at Rate per Per.
// It is safe for concurrent use.
type Limiter struct {
	mu      sync.Mutex
	burst   float64
	perTok  time.Duration // time to refill one token
	now     func() time.Time
	max     int
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New returns a limiter allowing n actions per period per key (burst n),
// remembering at most maxKeys keys. now may be nil (time.Now).
func New(n int, period time.Duration, maxKeys int, now func() time.Time) *Limiter {
	if n < 1 {
		n = 1
	}
	if now == nil {
		now = time.Now
	}
	if maxKeys < 1 {
		maxKeys = 1
	}
	return &Limiter{burst: float64(n), perTok: period / time.Duration(n), now: now, max: maxKeys, buckets: map[string]*bucket{}}
}

// Allow takes one token from key's bucket and reports whether there was one.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.max {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *Limiter) refill(b *bucket, now time.Time) {
	if el := now.Sub(b.at); el > 0 && l.perTok > 0 {
		b.tokens = min(l.burst, b.tokens+float64(el)/float64(l.perTok))
	}
	b.at = now
}

// prune forgets full buckets (they behave like new ones); if every bucket
// is in use it forgets the one touched longest ago.
func (l *Limiter) prune(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
			continue
		}
		if oldestKey == "" || b.at.Before(oldest) {
			oldestKey, oldest = k, b.at
		}
	}
	if len(l.buckets) >= l.max && oldestKey != "" {
		delete(l.buckets, oldestKey)
	}
}

// Len is the number of buckets held.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
