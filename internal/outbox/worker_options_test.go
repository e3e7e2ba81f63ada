package outbox_test

import (
	"testing"
	"time"

	"memberbase/internal/outbox"
)

// A worker finds mail nobody woke it for (queued by another process, or due
// for a retry) at its configured poll interval.
func TestWorkerPollsAtItsInterval(t *testing.T) {
	app, srv := newSMTPApp(t)
	startWorker(t, app, outbox.Options{Interval: 200 * time.Millisecond})
	time.Sleep(100 * time.Millisecond) // past the worker's first claim, which found nothing
	// Enqueue wakes only the app's attached worker (none runs here): this
	// one has to find the row by polling.
	enqueue(t, app, msg(1))
	eventually(t, "sent by the poll", func() bool { return srv.Count() == 1 })
}
