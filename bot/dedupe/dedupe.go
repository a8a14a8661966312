// Package dedupe remembers recently seen keys (Slack event IDs, channel+ts
// pairs) for a while so retried or doubled deliveries are handled once. The
// memory is bounded in time (TTL) and in size (oldest keys are forgotten
// first).
package dedupe

import (
	"sync"
	"time"
)

// Set is a TTL- and size-bounded set of keys. It is safe for concurrent use.
type Set struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	now   func() time.Time
	seen  map[string]time.Time
	order []entry // insertion order, oldest first
	head  int     // index of the oldest live entry in order
}

type entry struct {
	key string
	at  time.Time
}

// New returns a Set that remembers a key for ttl and at most max keys.
// now may be nil (time.Now).
func New(ttl time.Duration, max int, now func() time.Time) *Set {
	if now == nil {
		now = time.Now
	}
	if max < 1 {
		max = 1
	}
	return &Set{ttl: ttl, max: max, now: now, seen: make(map[string]time.Time)}
}

// Seen reports whether key was recorded within the TTL; if not, it records
// it. An empty key is never a duplicate.
func (s *Set) Seen(key string) bool {
	if key == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.expire(now)
	if at, ok := s.seen[key]; ok && now.Sub(at) < s.ttl {
		return true
	}
	s.seen[key] = now
	s.order = append(s.order, entry{key, now})
	for len(s.seen) > s.max {
		s.dropOldest()
	}
	return false
}

// Len is the number of keys remembered.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(s.now())
	return len(s.seen)
}

func (s *Set) expire(now time.Time) {
	for s.head < len(s.order) && now.Sub(s.order[s.head].at) >= s.ttl {
		s.dropOldest()
	}
}

func (s *Set) dropOldest() {
	if s.head >= len(s.order) {
		return
	}
	e := s.order[s.head]
	s.order[s.head] = entry{}
	s.head++
	// Only delete when the map still holds this insertion (not a re-record).
	if at, ok := s.seen[e.key]; ok && at.Equal(e.at) {
		delete(s.seen, e.key)
	}
	if s.head > 1024 && s.head*2 > len(s.order) {
		s.order = append([]entry(nil), s.order[s.head:]...)
		s.head = 0
	}
}
