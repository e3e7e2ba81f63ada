package jobs

import (
	"context"
	"sync/atomic"
	"time"
)

// inFlightPoll is how often a yielding worker looks again.
const inFlightPoll = time.Millisecond

// InFlight counts request-path writes in flight so a background worker can
// let them write first. SQLite has one writer: a worker's batch that takes
// it while requests are writing makes every one of them wait for the whole
// batch. The zero value is ready to use.
type InFlight struct {
	n atomic.Int64
}

// Started counts one request-path write until the returned func is called.
func (f *InFlight) Started() func() {
	f.n.Add(1)
	return func() { f.n.Add(-1) }
}

// Count is the number of request-path writes in flight.
func (f *InFlight) Count() int64 { return f.n.Load() }

// Yield waits while writes are in flight, at most max, so the worker still
// gets its turn under a constant stream of requests and its backlog cannot
// grow without bound (what arrives meanwhile makes its next batch fuller).
// A max of zero or less returns at once.
func (f *InFlight) Yield(ctx context.Context, max time.Duration) {
	if max <= 0 || f.n.Load() == 0 {
		return
	}
	deadline := time.Now().Add(max)
	t := time.NewTicker(inFlightPoll)
	defer t.Stop()
	for f.n.Load() > 0 && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
