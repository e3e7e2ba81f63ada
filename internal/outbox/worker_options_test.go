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

// With no Concurrency set, eight sends run at once: a ninth waits for one
// of them.
func TestEightSendsRunAtOnceByDefault(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetSilent(true)
	for i := range 10 {
		enqueue(t, app, msg(i))
	}
	startWorker(t, app, outbox.Options{})
	t.Cleanup(srv.Stop) // runs before the worker's stop: the hanging sends end
	eventually(t, "eight sends under way", func() bool { return srv.Hanging() == 8 })
	time.Sleep(200 * time.Millisecond)
	if n := srv.Hanging(); n != 8 {
		t.Fatalf("%d sends under way", n)
	}
}
