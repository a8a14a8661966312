package lookup

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheExpiryAndEviction(t *testing.T) {
	c := newCache(2)
	t0 := time.Date(2021, 12, 18, 0, 0, 0, 0, time.UTC)
	c.put("a", 1, nil, t0.Add(time.Minute))
	c.put("b", 2, nil, t0.Add(time.Minute))
	if v, _, ok := c.get("a", t0); !ok || v != 1 { // a is now most recent
		t.Fatalf("a: %v %v", v, ok)
	}
	c.put("c", 3, errors.New("boom"), t0.Add(time.Minute)) // evicts b
	if _, _, ok := c.get("b", t0); ok {
		t.Error("b not evicted")
	}
	if _, err, ok := c.get("c", t0); !ok || err == nil {
		t.Error("cached failure lost")
	}
	if _, _, ok := c.get("a", t0.Add(time.Minute)); ok {
		t.Error("a not expired")
	}
	if c.len() != 1 {
		t.Errorf("len = %d", c.len())
	}
}

func TestFlightCollapses(t *testing.T) {
	f := newFlight()
	var calls atomic.Int32
	release := make(chan struct{})
	done := make(chan bool, 10)
	for i := 0; i < 10; i++ {
		go func() {
			_, _, shared := f.do(context.Background(), context.Background(), time.Second, "k", func(context.Context) (any, error) {
				calls.Add(1)
				<-release
				return 42, nil
			})
			done <- shared
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	sharedN := 0
	for i := 0; i < 10; i++ {
		if <-done {
			sharedN++
		}
	}
	if calls.Load() != 1 || sharedN != 9 {
		t.Errorf("calls = %d, shared = %d", calls.Load(), sharedN)
	}
	// A caller that gives up gets its own context's error at once.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err, _ := f.do(ctx, context.Background(), time.Second, "slow", func(c context.Context) (any, error) {
		<-c.Done()
		return nil, c.Err()
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(20, 2, time.Now) // 20/s, burst 2
	start := time.Now()
	for i := 0; i < 4; i++ { // 2 free, 2 waiting 50 ms each
		if err := l.wait(context.Background(), "h"); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 80*time.Millisecond || d > time.Second {
		t.Errorf("4 requests took %v, want ~100ms", d)
	}
	if err := l.wait(context.Background(), "other"); err != nil || time.Since(start) > time.Second {
		t.Error("hosts must not share a bucket")
	}
	// A wait that would pass the deadline fails at once.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	l2 := newLimiter(1, 1, time.Now)
	_ = l2.wait(ctx, "h")
	s := time.Now()
	if err := l2.wait(ctx, "h"); !errors.Is(err, context.DeadlineExceeded) || time.Since(s) > 5*time.Millisecond {
		t.Errorf("err = %v after %v", err, time.Since(s))
	}
	var nilL *limiter
	if err := nilL.wait(context.Background(), "h"); err != nil {
		t.Error(err)
	}
}
