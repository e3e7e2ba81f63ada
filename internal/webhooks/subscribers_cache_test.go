package webhooks_test

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// countEndpointReads counts the queries that read the webhooks table on
// both of app's database pools from now on.
func countEndpointReads(t *testing.T, app core.App) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	for _, b := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		db, ok := b.(*dbx.DB)
		if !ok {
			t.Fatalf("database is a %T", b)
		}
		prev := db.QueryLogFunc
		db.QueryLogFunc = func(ctx context.Context, d time.Duration, q string, rows *sql.Rows, err error) {
			if strings.Contains(q, "FROM `"+webhooks.Collection+"`") {
				n.Add(1)
			}
			if prev != nil {
				prev(ctx, d, q, rows, err)
			}
		}
		t.Cleanup(func() { db.QueryLogFunc = prev })
	}
	return &n
}

// TestSubscribersCacheSavesTheEndpointRead: with the list cached, queueing
// an event reads no endpoint (every member change would otherwise read
// them on SQLite's single writer); an endpoint change makes the next
// queueing read them once, and the one after uses the cache again.
func TestSubscribersCacheSavesTheEndpointRead(t *testing.T) {
	app, _ := testapp.New(t, nil)
	webhooks.AttachSubscribers(app) // as serve does
	h := addEndpoint(t, app, "http://127.0.0.1:9/a", webhooks.EventMemberCreated)
	reads := countEndpointReads(t, app)
	step := func(name string, want int64) {
		t.Helper()
		before := reads.Load()
		wantQueued(t, name, queueCreated(t, app), h.Id)
		if got := reads.Load() - before; got != want {
			t.Errorf("%s: %d reads of the endpoints, want %d", name, got, want)
		}
	}
	step("first after the endpoint's creation", 1)
	step("cached", 0)
	step("still cached", 0)
	h.Set("description", "renamed")
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
	step("after a change", 1)
	step("cached again", 0)
}
