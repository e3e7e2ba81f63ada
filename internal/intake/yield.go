package intake

import (
	"context"
	"time"
)

// yieldPoll is how often a yielding batch looks again.
const yieldPoll = time.Millisecond

// requestStarted counts a request-path write ([Submit]) until the returned
// func is called.
func (w *Worker) requestStarted() func() {
	w.requests.Add(1)
	return func() { w.requests.Add(-1) }
}

// yield lets the request path write first: SQLite has one writer, and a
// batch that takes it while joins are being submitted makes every one of
// them wait for the whole batch (the POST /join p99 under load). The batch
// waits while submits are in flight, at most Options.YieldMax, so the
// worker still gets its turn under a constant stream of requests and the
// backlog cannot grow without bound; the rows that arrive meanwhile make
// the next batches fuller.
func (w *Worker) yield(ctx context.Context) {
	if w.requests.Load() == 0 {
		return
	}
	deadline := time.Now().Add(w.opts.YieldMax)
	t := time.NewTicker(yieldPoll)
	defer t.Stop()
	for w.requests.Load() > 0 && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
