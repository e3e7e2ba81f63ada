package audit_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// auditWrites records, from now on, each write of the audit queue as the
// number of rows it inserted: a write starts with its read of the chain
// head, then inserts its rows.
func auditWrites(t *testing.T, app core.App) func() []int {
	t.Helper()
	var mu sync.Mutex
	var writes []int
	for _, b := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		db, ok := b.(*dbx.DB)
		if !ok {
			t.Fatalf("database is a %T", b)
		}
		prevQuery, prevExec := db.QueryLogFunc, db.ExecLogFunc
		db.QueryLogFunc = func(ctx context.Context, d time.Duration, q string, rows *sql.Rows, err error) {
			if strings.Contains(q, "audit_log") && strings.HasSuffix(q, "ORDER BY seq DESC LIMIT 1") {
				mu.Lock()
				writes = append(writes, 0)
				mu.Unlock()
			}
			if prevQuery != nil {
				prevQuery(ctx, d, q, rows, err)
			}
		}
		db.ExecLogFunc = func(ctx context.Context, d time.Duration, q string, res sql.Result, err error) {
			if strings.HasPrefix(q, "INSERT INTO") && strings.Contains(q, "audit_log") {
				mu.Lock()
				if len(writes) > 0 {
					writes[len(writes)-1]++
				}
				mu.Unlock()
			}
			if prevExec != nil {
				prevExec(ctx, d, q, res, err)
			}
		}
		t.Cleanup(func() { db.QueryLogFunc, db.ExecLogFunc = prevQuery, prevExec })
	}
	return func() []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), writes...)
	}
}

// TestQueuedReadsShareWrites: the read rows of many requests that pile up
// while the database is busy are written by a few transactions, not one
// each (each would take the single writer again and reread the chain
// head), and no transaction holds the rows of more than 256 requests, so
// the writer lock is never held for an unbounded batch.
func TestQueuedReadsShareWrites(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	m := testapp.SaveMember(t, app, nil)
	seq := lastSeq(t, app)
	l.Start()
	t.Cleanup(func() { _ = l.Stop(context.Background()) })
	read := audit.Entry{Actor: audit.Actor{Type: audit.ActorSystem}, Action: audit.ActionView, Target: "members", RecordIDs: []string{m.Id}}

	for _, c := range []struct {
		requests, maxWrites int
	}{
		// The first request may be written alone, before the others queue.
		{20, 2},
		{600, 4},
	} {
		writes := auditWrites(t, app)
		// A transaction holds the only writer connection while the
		// requests queue their rows.
		err := app.RunInTransaction(func(core.App) error {
			for range c.requests {
				l.Queue(read)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		l.Sync()
		got, total := writes(), 0
		for _, n := range got {
			total += n
			if n > 256 {
				t.Errorf("%d requests: one write holds %d of them, want at most 256", c.requests, n)
			}
		}
		if total != c.requests || len(got) > c.maxWrites {
			t.Errorf("%d requests queued meanwhile: written in %d writes (%d rows), want at most %d writes",
				c.requests, len(got), total, c.maxWrites)
		}
	}
	if n := len(rowsAfter(t, app, seq)); n != 620 {
		t.Errorf("%d rows for 620 reads", n)
	}
}
