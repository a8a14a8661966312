package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestAllow(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	l := New(3, time.Minute, 10, c.now)
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "u1", true}, {0, "u1", true}, {0, "u1", true},
		{0, "u1", false},
		{0, "u2", true}, // separate bucket
		{10 * time.Second, "u1", false},
		{10 * time.Second, "u1", true}, // 20s = one token
		{0, "u1", false},
		{time.Hour, "u1", true}, {0, "u1", true}, {0, "u1", true}, // refilled to burst only
		{0, "u1", false},
	}
	for i, st := range steps {
		c.t = c.t.Add(st.advance)
		if got := l.Allow(st.key); got != st.want {
			t.Fatalf("step %d: Allow(%q) = %v, want %v", i, st.key, got, st.want)
		}
	}
}

func TestBoundedKeys(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	l := New(2, time.Minute, 50, c.now)
	for i := range 1000 {
		l.Allow(fmt.Sprint(i))
		c.t = c.t.Add(time.Millisecond)
	}
	if n := l.Len(); n > 50 {
		t.Fatalf("Len = %d, want ≤ 50", n)
	}
}
