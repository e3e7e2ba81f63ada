package webhooks_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// queueEvents commits n member.created events, each in its own
// transaction followed by a wake, as the model hooks do.
func queueEvents(t *testing.T, app core.App, w *webhooks.Worker, prefix string, n int) {
	t.Helper()
	for i := range n {
		id := fmt.Sprintf("%s%d", prefix, i)
		err := app.RunInTransaction(func(tx core.App) error {
			_, err := webhooks.Queue(tx, webhooks.EventMemberCreated, map[string]any{"id": id, "member_id": id})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Wake()
	}
}

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("not within %s: %s", limit, what)
		}
	}
}

func countDelivered(t *testing.T, app core.App) int {
	t.Helper()
	n, err := app.CountRecords(webhooks.DeliveriesCollection, dbx.HashExp{"status": webhooks.StatusDelivered})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func stopWorker(t *testing.T, w *webhooks.Worker) {
	t.Helper()
	t.Cleanup(func() {
		if err := w.Stop(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

// TestIdleWorkerClaimsAWokenEventAtOnce: coalescing never delays an event
// after a quiet spell. The gap and the idle poll are an hour, so only a
// wake passed on at once can get the delivery out within the test.
func TestIdleWorkerClaimsAWokenEventAtOnce(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: time.Hour, WakeGap: time.Hour})
	w.Start()
	stopWorker(t, w)
	waitFor(t, 10*time.Second, "the start-up claim", func() bool { return w.Claims() == 1 })

	queueEvents(t, app, w, "idle", 1)
	waitFor(t, 10*time.Second, "the idle event posted", func() bool { return len(rcv.requests()) == 1 })
	waitFor(t, 10*time.Second, "the idle event recorded", func() bool { return countDelivered(t, app) == 1 })
	if got := w.Claims(); got != 2 {
		t.Errorf("%d claims, want the start-up one and the wake's", got)
	}
}

// TestBurstOfCommitsSharesClaims: 40 commits in a row, each waking the
// worker, cost a claim per WakeGap, not one each, and their results are
// recorded many per transaction; every event is still delivered once.
func TestBurstOfCommitsSharesClaims(t *testing.T) {
	const n = 40
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Interval: time.Hour, WakeGap: 500 * time.Millisecond})
	w.Start()
	stopWorker(t, w)

	queueEvents(t, app, w, "burst", n)
	waitFor(t, 30*time.Second, "every event recorded delivered", func() bool { return countDelivered(t, app) == n })
	if got := len(rcv.requests()); got != n {
		t.Errorf("receiver got %d posts for %d events", got, n)
	}
	if c := w.Claims(); c >= n/2 {
		t.Errorf("%d claim transactions for %d commits: wake-ups not coalesced", c, n)
	}
	if m := w.MarkWrites(); m >= n/2 {
		t.Errorf("%d transactions recorded %d results: not batched", m, n)
	}
}

// TestOneClaimTakesABacklog: a backlog of 40 goes out on one claim
// transaction although only 8 posts run at once (claiming by free post
// slot took 5 or more).
func TestOneClaimTakesABacklog(t *testing.T) {
	const n = 40
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
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
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Concurrency: 8, Interval: time.Hour})
	w.Start()
	waitFor(t, 30*time.Second, "the backlog posted", func() bool { return len(rcv.requests()) == n })
	if err := w.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := countDelivered(t, app); got != n {
		t.Errorf("%d of %d recorded delivered after Stop", got, n)
	}
	if c := w.Claims(); c != 1 {
		t.Errorf("%d claim transactions for a backlog of %d, want 1", c, n)
	}
}
