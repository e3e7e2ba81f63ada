package webhooks_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// queueCreated queues a member.created through app and returns the
// endpoints it was queued for, read back from the rows it wrote.
func queueCreated(t *testing.T, app core.App) []string {
	t.Helper()
	before := map[string]bool{}
	var old []string
	if err := app.DB().Select("id").From(webhooks.DeliveriesCollection).Column(&old); err != nil {
		t.Fatal(err)
	}
	for _, id := range old {
		before[id] = true
	}
	n, err := webhooks.Queue(app, webhooks.EventMemberCreated, map[string]any{"id": "m1", "member_id": "M-1"})
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		ID      string `db:"id"`
		Webhook string `db:"webhook"`
	}
	if err := app.DB().Select("id", "webhook").From(webhooks.DeliveriesCollection).OrderBy("webhook").All(&rows); err != nil {
		t.Fatal(err)
	}
	var hooks []string
	for _, r := range rows {
		if !before[r.ID] {
			hooks = append(hooks, r.Webhook)
		}
	}
	if n != len(hooks) {
		t.Fatalf("Queue reported %d deliveries, wrote %d", n, len(hooks))
	}
	return hooks
}

func wantQueued(t *testing.T, step string, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: queued for %v, want %v", step, got, want)
	}
}

// The cached endpoint list follows every change of an endpoint at once:
// each step queues right after the change, with the list read (cached)
// just before it.
func TestSubscribersFollowEndpointChanges(t *testing.T) {
	app, _ := testapp.New(t, nil)
	webhooks.AttachSubscribers(app) // as serve does
	wantQueued(t, "no endpoint", queueCreated(t, app))

	h := addEndpoint(t, app, "http://127.0.0.1:9/a", webhooks.EventMemberCreated)
	wantQueued(t, "created", queueCreated(t, app), h.Id)
	wantQueued(t, "cached", queueCreated(t, app), h.Id)

	h.Set("active", false)
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	wantQueued(t, "deactivated", queueCreated(t, app))

	h.Set("active", true)
	h.Set("events", []string{webhooks.EventMemberUpdated})
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	wantQueued(t, "reactivated on another event", queueCreated(t, app))

	h.Set("events", []string{webhooks.EventMemberUpdated, webhooks.EventMemberCreated})
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	wantQueued(t, "subscribed again", queueCreated(t, app), h.Id)

	if err := app.Delete(h); err != nil {
		t.Fatal(err)
	}
	wantQueued(t, "deleted", queueCreated(t, app))

	h2 := addEndpoint(t, app, "http://127.0.0.1:9/b", webhooks.EventMemberCreated)
	wantQueued(t, "a new one", queueCreated(t, app), h2.Id)
}

// A change queued in the transaction that creates an endpoint is
// delivered to it; an endpoint whose creation rolled back gets nothing,
// neither inside its transaction's aftermath nor later.
func TestSubscribersInsideTheEndpointsTransaction(t *testing.T) {
	app, _ := testapp.New(t, nil)
	webhooks.AttachSubscribers(app) // as serve does
	wantQueued(t, "warm", queueCreated(t, app))

	var h *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		h = addEndpoint(t, tx, "http://127.0.0.1:9/a", webhooks.EventMemberCreated)
		wantQueued(t, "same transaction", queueCreated(t, tx), h.Id)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantQueued(t, "committed", queueCreated(t, app), h.Id)

	rollback := errors.New("rolled back")
	err = app.RunInTransaction(func(tx core.App) error {
		h.Set("active", false)
		if err := tx.Save(h); err != nil {
			return err
		}
		wantQueued(t, "deactivated in the transaction", queueCreated(t, tx))
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	wantQueued(t, "deactivation rolled back", queueCreated(t, app), h.Id)

	err = app.RunInTransaction(func(tx core.App) error {
		addEndpoint(t, tx, "http://127.0.0.1:9/b", webhooks.EventMemberCreated)
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	wantQueued(t, "creation rolled back", queueCreated(t, app), h.Id)
}

// While other goroutines queue (and so reload the list) in their own
// transactions, every toggle of an endpoint is seen by the very next
// queue: a list read across a change is never kept.
func TestSubscribersRaceWithQueueing(t *testing.T) {
	app, _ := testapp.New(t, nil)
	webhooks.AttachSubscribers(app) // as serve does
	h := addEndpoint(t, app, "http://127.0.0.1:9/a", webhooks.EventMemberCreated)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				_ = app.RunInTransaction(func(tx core.App) error {
					_, err := webhooks.Queue(tx, webhooks.EventMemberCreated, map[string]any{"id": "bg"})
					return err
				})
			}
		})
	}
	defer func() { stop.Store(true); wg.Wait() }()
	for i := range 40 {
		active := i%2 == 1
		h.Set("active", active)
		if err := app.Save(h); err != nil {
			t.Fatal(err)
		}
		var n int
		err := app.RunInTransaction(func(tx core.App) error {
			var err error
			n, err = webhooks.Queue(tx, webhooks.EventMemberCreated, map[string]any{"id": "probe"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{true: 1}[active]; n != want {
			t.Fatalf("toggle %d (active %v): queued %d, want %d", i, active, n, want)
		}
	}
}
