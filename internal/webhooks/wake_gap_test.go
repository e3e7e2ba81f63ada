package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestWakesInsideTheGapWaitForItsEnd: after a wake has fired a claim, the
// wakes that follow inside WakeGap share one claim at the gap's end
// instead of each firing its own. With an hour's gap the test sees only
// the start-up claim and the first wake's, however long it waits.
func TestWakesInsideTheGapWaitForItsEnd(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: time.Hour, WakeGap: time.Hour})
	w.Start()
	stopWorker(t, w)
	waitFor(t, 10*time.Second, "the start-up claim", func() bool { return w.Claims() == 1 })
	w.Wake()
	waitFor(t, 10*time.Second, "the first wake's claim", func() bool { return w.Claims() == 2 })

	// Each wake comes with the worker idle, so one passed on at once
	// would show as a claim.
	for range 3 {
		w.Wake()
		time.Sleep(150 * time.Millisecond)
	}
	if got := w.Claims(); got != 2 {
		t.Errorf("%d claims: wakes inside the gap fired claims of their own, want them deferred to its end", got)
	}
}

// TestAFullBatchOfResultsIsRecordedAtOnce: results are gathered for
// MarkDelay, but a batch that reaches Batch outcomes is written without
// waiting for the delay to run out. The delay here is an hour. (Batch is
// at least Concurrency, so both are n.)
func TestAFullBatchOfResultsIsRecordedAtOnce(t *testing.T) {
	const n = 4
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: time.Hour, WakeGap: time.Hour, Concurrency: n, Batch: n, MarkDelay: time.Hour})
	w.Start()
	stopWorker(t, w)
	waitFor(t, 10*time.Second, "the start-up claim", func() bool { return w.Claims() == 1 })
	// One transaction and one wake, so one claim takes all n.
	err := app.RunInTransaction(func(tx core.App) error {
		for i := range n {
			if _, err := webhooks.Queue(tx, webhooks.EventMemberCreated, map[string]any{"id": i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Wake()
	waitFor(t, 10*time.Second, "the batch posted", func() bool { return len(rcv.requests()) == n })
	// The marker counts a write after its commit, so the rows can show
	// delivered a moment before the count does: wait for both.
	waitFor(t, 10*time.Second, "a full batch recorded before MarkDelay", func() bool {
		return countDelivered(t, app) == n && w.MarkWrites() >= 1
	})
	if got := w.MarkWrites(); got != 1 {
		t.Errorf("%d result writes for one full batch, want 1", got)
	}
}
