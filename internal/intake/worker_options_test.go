package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// startWorker starts a worker of its own (not the app's attached one, so
// Submit's wake-up does not reach it) and stops it at the end of the test.
func startWorker(t *testing.T, app core.App, opts intake.Options, proc intake.Processor) *intake.Worker {
	t.Helper()
	opts.Quota.Key = testKey
	w, err := intake.NewWorker(app, opts)
	if err != nil {
		t.Fatal(err)
	}
	w.Handle(intake.KindJoin, proc)
	w.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			t.Error(err)
		}
	})
	return w
}

// TestWorkerPollsAtItsInterval: a row nobody woke the worker for (submitted
// by another process, or due for a retry) is found at the configured poll
// interval.
func TestWorkerPollsAtItsInterval(t *testing.T) {
	app, _ := testapp.New(t, nil)
	submit(t, app, intake.KindJoin, "first@example.org", nil)
	done := make(chan string, 2)
	startWorker(t, app, intake.Options{Interval: 200 * time.Millisecond}, func(_ core.App, it intake.Item) error {
		done <- it.Email
		return nil
	})
	select { // the first claim, at start (bounded: a worker that never claims fails, not hangs)
	case got := <-done:
		if got != "first@example.org" {
			t.Fatalf("first processed %s", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the row left before the start was not processed")
	}
	submit(t, app, intake.KindJoin, "second@example.org", nil)
	select {
	case got := <-done:
		if got != "second@example.org" {
			t.Errorf("processed %s", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the row was not found by the 200 ms poll")
	}
}

// TestWorkerLeasesNoMoreBatchesThanItsConcurrency: with Concurrency 1 and
// batches of one row, the worker holds one row at a time; the next stays
// free for another worker until the first is done.
func TestWorkerLeasesNoMoreBatchesThanItsConcurrency(t *testing.T) {
	app, _ := testapp.New(t, nil)
	submit(t, app, intake.KindJoin, "a@example.org", nil)
	submit(t, app, intake.KindJoin, "b@example.org", nil)
	leased := make(chan int, 2)
	startWorker(t, app, intake.Options{Concurrency: 1, Batch: 1}, func(_ core.App, it intake.Item) error {
		var n int
		err := app.DB().Select("COUNT(*)").From(intake.Collection).Where(dbx.NewExp("lease_until != ''")).Row(&n)
		leased <- n
		return err
	})
	for range 2 {
		select {
		case n := <-leased:
			if n != 1 {
				t.Errorf("%d rows leased while one was processed, want 1", n)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("rows not processed")
		}
	}
}
