package webhooks_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"memberbase/internal/webhooks"
)

// hangingReceiver is a real HTTP endpoint that holds every request until
// release, counting the requests it holds at once.
type hangingReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	holding  int // requests held now
	most     int // most held at once
	released chan struct{}
	once     sync.Once
}

func newHangingReceiver(t testing.TB) *hangingReceiver {
	t.Helper()
	r := &hangingReceiver{released: make(chan struct{})}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		_, _ = io.Copy(io.Discard, req.Body)
		r.mu.Lock()
		r.holding++
		r.most = max(r.most, r.holding)
		r.mu.Unlock()
		select {
		case <-r.released:
		case <-req.Context().Done():
		}
		r.mu.Lock()
		r.holding--
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	// Released before the server closes (cleanups run last-in first-out),
	// so Close does not wait for held requests.
	t.Cleanup(r.Close)
	t.Cleanup(r.release)
	return r
}

// release answers the held requests and every later one at once.
func (r *hangingReceiver) release() { r.once.Do(func() { close(r.released) }) }

// counts returns the requests held now and the most held at once.
func (r *hangingReceiver) counts() (holding, most int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.holding, r.most
}

// stopWorkerWithin stops w when the test ends, failing it when posts are
// still in flight after limit (a worker that never gets its posts out
// fails the test rather than hanging it).
func stopWorkerWithin(t *testing.T, w *webhooks.Worker, limit time.Duration) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			t.Error(err)
		}
	})
}
