package bot

import (
	"context"
	"sync"
	"time"

	"github.com/checkmail/checkmail/bot/metrics"
)

// pool runs jobs on a fixed number of workers with a bounded queue. Jobs get
// a context that survives the start of shutdown and is cancelled only when
// the drain timeout passes.
type pool struct {
	jobs    chan func(context.Context)
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
	m       *metrics.Counters
	mu      sync.RWMutex
	closed  bool
	closeMu sync.Once
	onPanic func(any)
}

// newPool starts workers. onPanic is called with the value of a panic that
// escaped a job (the worker survives).
func newPool(workers, queue int, m *metrics.Counters, onPanic func(any)) *pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pool{jobs: make(chan func(context.Context), queue), ctx: ctx, cancel: cancel, m: m, onPanic: onPanic}
	for range workers {
		p.wg.Go(func() {
			for j := range p.jobs {
				p.runOne(j)
			}
		})
	}
	return p
}

func (p *pool) runOne(j func(context.Context)) {
	defer p.m.JobsInFlight.Add(-1)
	defer func() {
		if r := recover(); r != nil && p.onPanic != nil {
			p.onPanic(r)
		}
	}()
	j(p.ctx)
}

// submit queues a job; it returns false when the queue is full or the pool
// is closed. Jobs must recover their own panics (runJob does).
func (p *pool) submit(j func(context.Context)) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return false
	}
	select {
	case p.jobs <- j:
		p.m.JobsInFlight.Add(1)
		return true
	default:
		return false
	}
}

// close stops intake and waits for queued and running jobs; after drain it
// cancels the jobs' context and keeps waiting for them to return.
func (p *pool) close(drain time.Duration) {
	p.closeMu.Do(func() {
		p.mu.Lock()
		p.closed = true
		close(p.jobs)
		p.mu.Unlock()
		done := make(chan struct{})
		go func() { p.wg.Wait(); close(done) }()
		t := time.NewTimer(drain)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
			p.cancel()
			<-done
		}
		p.cancel()
	})
}
