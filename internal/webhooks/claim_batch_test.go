package webhooks_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestAClaimLeasesUpToBatchDeliveries: one claim leases up to Batch due
// deliveries (64 by default, at least Concurrency), however few posts run
// at once: a backlog costs few claim transactions, and the rest stay
// queued for the claims after. The endpoint hangs, so the start-up claim
// is the only one; 120 deliveries are due.
func TestAClaimLeasesUpToBatchDeliveries(t *testing.T) {
	for _, c := range []struct {
		batch, concurrency int // as configured
		leased             int
	}{
		{0, 0, 64}, // the defaults (Concurrency 8)
		{8, 8, 8},  // as small as Concurrency
		{3, 8, 64}, // smaller than Concurrency: the default
		{100, 0, 100},
	} {
		t.Run(fmt.Sprintf("Batch=%d,Concurrency=%d", c.batch, c.concurrency), func(t *testing.T) {
			app, _ := testapp.New(t, nil)
			hanging := newHangingReceiver(t)
			addEndpoint(t, app, hanging.URL, webhooks.EventMemberCreated)
			queueFor(t, app, webhooks.EventMemberCreated, 120)
			w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Batch: c.batch, Concurrency: c.concurrency,
				Interval: time.Hour, WakeGap: time.Hour})
			w.Start()
			stopWorkerWithin(t, w, 10*time.Second)
			t.Cleanup(hanging.release) // before the worker stops
			waitFor(t, 10*time.Second, "posts under way", func() bool { holding, _ := hanging.counts(); return holding > 0 })
			time.Sleep(100 * time.Millisecond) // room for a claim too many
			n, err := app.CountRecords(webhooks.DeliveriesCollection, dbx.HashExp{"status": webhooks.StatusSending})
			if err != nil {
				t.Fatal(err)
			}
			if int(n) != c.leased || w.Claims() != 1 {
				t.Errorf("%d claims leased %d deliveries, want 1 claim of %d", w.Claims(), n, c.leased)
			}
		})
	}
}
