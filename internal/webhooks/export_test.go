package webhooks

import (
	"context"
	"net/http"
	"time"
)

// Drain claims and posts every due delivery one by one, recording each
// result before the next post, so a test with an injected clock sees each
// attempt's outcome deterministically. It returns the posts attempted.
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
			o := w.process(ctx, c)
			w.marks.write([]outcome{o})
			if o.posted {
				n++
			}
		}
	}
}

// Claims is the number of claim transactions run.
func (w *Worker) Claims() int64 { return w.claims.Load() }

// MarkWrites is the number of transactions that recorded results.
func (w *Worker) MarkWrites() int64 {
	w.marks.mu.Lock()
	defer w.marks.mu.Unlock()
	return w.marks.writes
}

// Timeout is the worker's post timeout.
func (w *Worker) Timeout() time.Duration { return w.client.Timeout }

// ProxyIsNil reports whether the transport ignores proxy settings.
func (w *Worker) ProxyIsNil() bool { return w.client.Transport.(*http.Transport).Proxy == nil }
