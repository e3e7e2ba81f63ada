package webhooks_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// queueFor commits n deliveries of event (one per active endpoint
// subscribed to it) in one transaction.
func queueFor(t *testing.T, app core.App, event string, n int) {
	t.Helper()
	err := app.RunInTransaction(func(tx core.App) error {
		for i := range n {
			if _, err := webhooks.Queue(tx, event, map[string]any{"id": i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHangingEndpointDoesNotStarveOthers: an endpoint that never answers,
// with the older backlog, holds at most PerEndpoint of the post slots, so
// a healthy endpoint's deliveries all go out while its posts still hang
// (with every slot taken they would wait for the minute-long timeout).
func TestHangingEndpointDoesNotStarveOthers(t *testing.T) {
	app, _ := testapp.New(t, nil)
	dead := newHangingReceiver(t)
	healthy := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, dead.URL, webhooks.EventMemberUpdated)
	addEndpoint(t, app, healthy.URL, webhooks.EventMemberCreated)
	queueFor(t, app, webhooks.EventMemberUpdated, 20)
	queueFor(t, app, webhooks.EventMemberCreated, 20)

	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Concurrency: 4, Timeout: time.Minute, Interval: time.Hour})
	w.Start()
	waitFor(t, 30*time.Second, "the healthy endpoint's 20 deliveries", func() bool { return len(healthy.requests()) == 20 })
	if _, most := dead.counts(); most > 2 {
		t.Errorf("%d posts hanging on the dead endpoint, want at most 2 (PerEndpoint)", most)
	}
	dead.release()
	if err := w.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestFailingEndpointCoolsDown: after a failed post the endpoint's other
// deliveries go back to the queue unposted, their attempt not counted,
// until a cooldown that doubles per failure; another endpoint's
// deliveries go out meanwhile, and one success ends the cooldown.
func TestFailingEndpointCoolsDown(t *testing.T) {
	app, _ := testapp.New(t, nil)
	bad := newReceiver(t, http.StatusServiceUnavailable)
	good := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, bad.URL, webhooks.EventMemberUpdated)
	addEndpoint(t, app, good.URL, webhooks.EventMemberCreated)
	queueFor(t, app, webhooks.EventMemberUpdated, 10)
	queueFor(t, app, webhooks.EventMemberCreated, 10)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})

	if n := drain(w); n != 11 {
		t.Errorf("%d posts, want the failing endpoint's first and the other's 10", n)
	}
	if len(bad.requests()) != 1 || len(good.requests()) != 10 {
		t.Fatalf("failing endpoint got %d posts, healthy %d", len(bad.requests()), len(good.requests()))
	}
	held := 0
	for _, d := range deliveries(t, app) {
		if d.Event != webhooks.EventMemberUpdated || d.Attempts != 0 {
			continue
		}
		held++
		next, _ := types.ParseDateTime(d.NextAttempt)
		if d.Status != webhooks.StatusQueued || !next.Time().Equal(c.Now().Add(time.Second)) {
			t.Errorf("held delivery %+v, want queued for the end of a 1 s cooldown", d)
		}
	}
	if held != 9 {
		t.Errorf("%d deliveries held back, want 9", held)
	}

	c.Add(time.Second) // cooldown over: one more failure doubles it
	if n := drain(w); n != 1 {
		t.Errorf("after the cooldown: %d posts, want 1", n)
	}
	c.Add(time.Second)
	if n := drain(w); n != 0 {
		t.Errorf("%d posts one second into a 2 s cooldown", n)
	}
	bad.mu.Lock()
	bad.status = http.StatusOK
	bad.mu.Unlock()
	c.Add(time.Second)
	if n := drain(w); n != 8 {
		t.Errorf("after the recovery: %d posts, want the 8 held deliveries", n)
	}
}
