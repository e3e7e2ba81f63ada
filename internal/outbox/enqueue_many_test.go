package outbox_test

import (
	"context"
	"database/sql"
	"maps"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// rawRow is an outbox row as SQLite holds it, but its id, timestamps and
// dedupe key.
func rawRow(t *testing.T, app core.App, key string) map[string]sql.NullString {
	t.Helper()
	var r dbx.NullStringMap
	if err := app.DB().NewQuery("SELECT * FROM email_outbox WHERE dedupe_key = {:k}").Bind(dbx.Params{"k": key}).One(&r); err != nil {
		t.Fatalf("row %s: %v", key, err)
	}
	for _, k := range []string{"id", "created", "updated", "dedupe_key"} {
		delete(r, k)
	}
	return r
}

// TestEnqueueManyQueuesLikeEnqueue: EnqueueMany stores each message as
// Enqueue does (column for column: bulk priority, group and headers
// included), once per dedupe key: a key already queued or repeated in the
// batch is skipped and not counted. The worker sends what it queued.
func TestEnqueueManyQueuesLikeEnqueue(t *testing.T) {
	app, smtp := newSMTPApp(t)
	one := msg(1)
	one.Bulk, one.Group, one.Headers = true, "a1", map[string]string{"List-Id": "<news.example.org>"}
	enqueue(t, app, one)
	again, two, three := one, one, msg(3)
	two.DedupeKey, two.To = "test:2", "member2@example.org"
	var n int
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		n, err = outbox.EnqueueMany(context.Background(), tx, []outbox.Message{again, two, three, three})
		return err
	})
	if err != nil || n != 2 {
		t.Fatalf("EnqueueMany: %d queued, %v; want 2", n, err)
	}
	if got := countStatus(t, app, outbox.StatusQueued); got != 3 {
		t.Fatalf("%d rows queued, want 3", got)
	}
	want := rawRow(t, app, one.DedupeKey)
	got := rawRow(t, app, two.DedupeKey)
	want["recipient"] = got["recipient"]
	if !maps.Equal(got, want) {
		t.Errorf("EnqueueMany stored %v\nEnqueue stored %v", got, want)
	}
	startWorker(t, app, outbox.Options{})
	if err := smtp.WaitFor(3, 10*time.Second); err != nil {
		t.Error(err)
	}
}

// TestEnqueueManyRefusesAnInvalidMessage: one invalid message fails the
// whole call before anything is stored.
func TestEnqueueManyRefusesAnInvalidMessage(t *testing.T) {
	app, _ := newSMTPApp(t)
	bad := msg(2)
	bad.To = "not an address"
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := outbox.EnqueueMany(context.Background(), tx, []outbox.Message{msg(1), bad})
		return err
	})
	if err == nil {
		t.Fatal("an invalid recipient was accepted")
	}
	if got := countStatus(t, app, outbox.StatusQueued); got != 0 {
		t.Errorf("%d rows queued", got)
	}
}
