package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestCommitsShareAClaimPerDefaultWakeGap: with the default WakeGap a
// commit right after another one is claimed 100 ms after the first
// commit's claim, not at once, so a burst of commits costs one claim per
// 100 ms (each claim takes SQLite's writer from the next commit); and not
// much later either.
func TestCommitsShareAClaimPerDefaultWakeGap(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: time.Hour})
	w.Start()
	stopWorker(t, w)
	waitFor(t, 10*time.Second, "the start-up claim", func() bool { return w.Claims() == 1 })

	start := time.Now()
	w.Wake() // after a quiet spell: claimed at once
	waitFor(t, 10*time.Second, "the first wake's claim", func() bool { return w.Claims() == 2 })
	w.Wake() // inside the gap: at its end
	waitFor(t, 10*time.Second, "the second wake's claim", func() bool { return w.Claims() == 3 })
	if took := time.Since(start); took < 100*time.Millisecond || took > 3*time.Second {
		t.Errorf("two wakes in a row claimed within %s, want the second at the end of a 100 ms gap", took)
	}
}
