package webhooks

import (
	"context"
	"net/http"
	"time"
)

// Drain claims and posts every due delivery one by one, so a test with an
// injected clock sees each attempt's outcome deterministically.
func (w *Worker) Drain(ctx context.Context) int {
	n := 0
	for {
		rows, err := w.claim(ctx, 50)
		if err != nil {
			panic(err)
		}
		if len(rows) == 0 {
			return n
		}
		for _, c := range rows {
			w.process(ctx, c)
			n++
		}
	}
}

// Timeout is the worker's post timeout.
func (w *Worker) Timeout() time.Duration { return w.client.Timeout }

// ProxyIsNil reports whether the transport ignores proxy settings.
func (w *Worker) ProxyIsNil() bool { return w.client.Transport.(*http.Transport).Proxy == nil }
