package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestTheWorkerPollsAtTheConfiguredInterval: a delivery nothing wakes the
// worker for (a retry coming due, or one queued by another process) is
// found by the idle poll, every Interval as configured: here 200 ms, so
// it is posted well before the 30 s default would find it.
func TestTheWorkerPollsAtTheConfiguredInterval(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	// Not attached to app: the commit below does not wake it.
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: 200 * time.Millisecond, WakeGap: time.Hour})
	w.Start()
	stopWorker(t, w)
	waitFor(t, 10*time.Second, "the start-up claim", func() bool { return w.Claims() >= 1 })
	testapp.SaveMember(t, app, nil)
	waitFor(t, 10*time.Second, "the delivery found by a poll", func() bool { return len(rcv.requests()) == 1 })
	if c := w.Claims(); c < 2 {
		t.Errorf("%d claims, want the polls' too", c)
	}
}
