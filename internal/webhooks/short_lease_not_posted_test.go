package webhooks_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestAPostThatCouldOutliveItsLeaseIsPutBack: a delivery that waited so
// long for a post slot that its lease would end before the post could
// time out is put back unposted (another claim could otherwise post it a
// second time meanwhile); one with room left is posted.
func TestAPostThatCouldOutliveItsLeaseIsPutBack(t *testing.T) {
	for _, c := range []struct {
		left   time.Duration // of the lease, when the slot comes free
		posted bool
	}{{5 * time.Second, false}, {20 * time.Second, true}} {
		app, _ := testapp.New(t, nil)
		rcv := newReceiver(t, http.StatusNoContent)
		addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
		saveMembers(t, app, 1)
		clk := newClock()
		w := newWorker(app, clk, webhooks.Options{AllowPrivate: true, Timeout: 10 * time.Second})
		w.ProcessLater(context.Background(), 10, func() { clk.Add(w.Lease() - c.left) })
		ds := deliveries(t, app)
		if got := len(rcv.requests()) == 1; got != c.posted || len(ds) != 1 {
			t.Fatalf("%s of the lease left: posted %v, want %v", c.left, got, c.posted)
		}
		if !c.posted && (ds[0].Status != webhooks.StatusQueued || ds[0].Attempts != 0) {
			t.Errorf("put back as %+v, want queued with no attempt counted", ds[0])
		}
	}
}
