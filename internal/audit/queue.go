package audit

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Queue sizes: a full queue makes the next request wait (backpressure)
// rather than drop a row; one write takes what has piled up meanwhile.
const (
	queueSize     = 1024
	queueMaxBatch = 256
	writeAttempts = 4
	// queueLinger is how long the writer waits for more requests' rows
	// before it commits: under load one transaction (whose commit and
	// chain-head read cost more than the insert) serves many requests; the
	// client never waits for it.
	queueLinger = 10 * time.Millisecond
)

// item is a request's (or realtime batch's) rows, or a barrier (done set).
type item struct {
	entries []Entry
	done    chan struct{}
}

// queue writes read rows off the request path: a response never waits for
// the write lock. One goroutine chains whatever is queued in one
// transaction. Stopped, it writes synchronously (CLI commands, tests
// without serve).
type queue struct {
	l  *Log
	ch chan item

	mu      sync.RWMutex // held for reading while sending, so Stop sees every send
	running bool
	quit    chan struct{}
	stopped chan struct{}
}

func newQueue(l *Log) *queue { return &queue{l: l, ch: make(chan item, queueSize)} }

// add queues entries (or writes them now when the queue is stopped), stamped
// with the time they were queued unless they carry one.
func (q *queue) add(entries []Entry) {
	if len(entries) == 0 {
		return
	}
	now := time.Now()
	for i := range entries {
		if entries[i].At.IsZero() {
			entries[i].At = now
		}
	}
	q.mu.RLock()
	if q.running {
		q.ch <- item{entries: entries}
		q.mu.RUnlock()
		return
	}
	q.mu.RUnlock()
	q.write(entries)
}

// Queue queues read rows, written off the request path (at once while the
// queue is stopped): for a route that sends audited data outside the
// hooks, such as a member's download of their own export.
func (l *Log) Queue(entries ...Entry) { l.queue.add(entries) }

// Start runs the queue's writer (from OnServe).
func (l *Log) Start() {
	q := l.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running {
		return
	}
	q.running, q.quit, q.stopped = true, make(chan struct{}), make(chan struct{})
	go q.run(q.quit, q.stopped)
}

// Stop writes what is queued and stops the writer, or gives up when ctx ends.
func (l *Log) Stop(ctx context.Context) error {
	q := l.queue
	q.mu.Lock()
	if !q.running {
		q.mu.Unlock()
		return nil
	}
	q.running = false
	close(q.quit)
	stopped := q.stopped
	q.mu.Unlock()
	select {
	case <-stopped:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("audit: queue not drained: %w", ctx.Err())
	}
}

// Running reports whether the writer runs.
func (l *Log) Running() bool {
	l.queue.mu.RLock()
	defer l.queue.mu.RUnlock()
	return l.queue.running
}

// Queued returns how many requests' rows wait in the queue (no SQL).
func (l *Log) Queued() int { return len(l.queue.ch) }

// Sync returns once every read row queued before the call is written.
func (l *Log) Sync() {
	q := l.queue
	q.mu.RLock()
	if !q.running {
		q.mu.RUnlock()
		return
	}
	done := make(chan struct{})
	q.ch <- item{done: done}
	q.mu.RUnlock()
	<-done
}

func (q *queue) run(quit, stopped chan struct{}) {
	defer close(stopped)
	for {
		select {
		case it := <-q.ch:
			q.batch(it)
		case <-quit:
			for {
				select {
				case it := <-q.ch:
					q.batch(it)
				default:
					return
				}
			}
		}
	}
}

// batch writes first and what else arrives within queueLinger, up to
// queueMaxBatch items, then releases the barriers among them (a barrier
// ends the wait: someone is waiting for the rows).
func (q *queue) batch(first item) {
	var entries []Entry
	var barriers []chan struct{}
	take := func(it item) {
		entries = append(entries, it.entries...)
		if it.done != nil {
			barriers = append(barriers, it.done)
		}
	}
	take(first)
	linger := time.NewTimer(queueLinger)
	defer linger.Stop()
more:
	for n := 1; n < queueMaxBatch && len(barriers) == 0; n++ {
		select {
		case it := <-q.ch:
			take(it)
		case <-linger.C:
			break more
		}
	}
	q.write(entries)
	for _, b := range barriers {
		close(b)
	}
}

// write appends entries, retrying a busy database a few times; rows that
// still cannot be written are reported, never silently dropped.
func (q *queue) write(entries []Entry) {
	if len(entries) == 0 {
		return
	}
	var err error
	for attempt := range writeAttempts {
		if err = q.l.Append(q.l.app, entries...); err == nil {
			return
		}
		time.Sleep(time.Duration(50<<attempt) * time.Millisecond)
	}
	q.l.opts.Logger.Error("audit rows lost", "rows", len(entries), "error", err)
	q.l.opts.OnError(fmt.Errorf("audit: %d read rows not written: %w", len(entries), err))
}
