package webhooks

import (
	"context"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// yieldPoll is how often a yielding claim or mark looks again.
const yieldPoll = time.Millisecond

// RequestStarted counts a request that writes (a POST, PATCH, PUT or
// DELETE) until the returned func is called; the worker's claims and
// result writes hold back while any is in flight ([Worker.yield]).
func (w *Worker) RequestStarted() func() {
	w.requests.Add(1)
	return func() { w.requests.Add(-1) }
}

// yield lets requests write first: SQLite has one writer, and a claim or
// a result write that takes it while requests are in flight makes them
// wait behind it. It waits while requests are in flight, at most
// Options.YieldMax, so the worker still gets its turn under a constant
// stream of requests (the deliveries that arrive meanwhile make the next
// claim fuller) and a backlog always drains.
func (w *Worker) yield(ctx context.Context) {
	if w.opts.YieldMax <= 0 || w.requests.Load() == 0 {
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

// CountWriteRequests is a router middleware that counts the requests
// that may write on w ([Worker.RequestStarted]); reads pass uncounted.
func CountWriteRequests(w *Worker) *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "memberbase.webhooks.countWrites",
		Func: func(e *core.RequestEvent) error {
			switch e.Request.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				return e.Next()
			}
			defer w.RequestStarted()()
			return e.Next()
		},
	}
}
