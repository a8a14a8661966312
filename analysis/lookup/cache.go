package lookup

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// cache is a bounded, TTL'd, least-recently-used map from lookup keys to
// answers (or failures). Safe for concurrent use.
type cache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List
	items map[string]*list.Element
}

type entry struct {
	key     string
	val     any
	err     error
	expires time.Time
}

func newCache(max int) *cache {
	return &cache{max: max, ll: list.New(), items: map[string]*list.Element{}}
}

func (c *cache) get(key string, now time.Time) (any, error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, nil, false
	}
	e := el.Value.(*entry)
	if !now.Before(e.expires) {
		c.ll.Remove(el)
		delete(c.items, key)
		return nil, nil, false
	}
	c.ll.MoveToFront(el)
	return e.val, e.err, true
}

func (c *cache) put(key string, val any, err error, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value = &entry{key, val, err, expires}
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(&entry{key, val, err, expires})
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*entry).key)
	}
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// flight collapses concurrent calls for the same key into one. The call
// runs under its own context (base, bounded by timeout), not the first
// caller's: a caller that gives up does not cancel the others, and a late
// answer still reaches the cache.
type flight struct {
	mu    sync.Mutex
	calls map[string]*call
}

type call struct {
	done chan struct{}
	val  any
	err  error
}

func newFlight() *flight { return &flight{calls: map[string]*call{}} }

// do runs fn once per key at a time; shared reports whether this caller
// joined a call already in progress.
func (f *flight) do(ctx, base context.Context, timeout time.Duration, key string, fn func(context.Context) (any, error)) (val any, err error, shared bool) {
	f.mu.Lock()
	c, ok := f.calls[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		f.calls[key] = c
		go func() {
			cctx, cancel := context.WithTimeout(base, timeout)
			defer cancel()
			c.val, c.err = fn(cctx)
			f.mu.Lock()
			delete(f.calls, key)
			f.mu.Unlock()
			close(c.done)
		}()
	}
	f.mu.Unlock()
	select {
	case <-c.done:
		return c.val, c.err, ok
	case <-ctx.Done():
		return nil, ctx.Err(), ok
	}
}
