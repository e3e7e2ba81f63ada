package webhooks

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// RequestStarted counts a request that writes (a POST, PATCH, PUT or
// DELETE) until the returned func is called; the worker's claims and
// result writes hold back while any is in flight, at most
// Options.YieldMax each time ([jobs.InFlight.Yield]).
func (w *Worker) RequestStarted() func() { return w.requests.Started() }

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
