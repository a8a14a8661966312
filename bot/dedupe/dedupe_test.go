package dedupe

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestSeen(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	s := New(time.Minute, 3, c.now)
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "a", false},
		{0, "a", true},
		{0, "", false},
		{0, "", false},
		{30 * time.Second, "a", true},
		{31 * time.Second, "a", false}, // expired after 61s, recorded again
		{0, "b", false},
		{0, "c", false},
		{0, "d", false}, // evicts a (oldest)
		{0, "a", false},
		{0, "d", true},
	}
	for i, st := range steps {
		c.advance(st.advance)
		if got := s.Seen(st.key); got != st.want {
			t.Fatalf("step %d: Seen(%q) = %v, want %v", i, st.key, got, st.want)
		}
	}
	if n := s.Len(); n != 3 {
		t.Fatalf("Len = %d, want 3", n)
	}
}

func TestBoundedUnderLoad(t *testing.T) {
	s := New(time.Hour, 100, nil)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 5000 {
				s.Seen(fmt.Sprintf("%d-%d", g, i))
			}
		})
	}
	wg.Wait()
	if n := s.Len(); n != 100 {
		t.Fatalf("Len = %d, want 100", n)
	}
	if len(s.order)-s.head > 200 {
		t.Fatalf("order queue not compacted: %d live entries", len(s.order)-s.head)
	}
}
