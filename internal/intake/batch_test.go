package intake_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// mark writes the processor's own effect of a row: a quota-table row named
// after the address.
func mark(tx core.App, it intake.Item) error {
	_, err := tx.DB().NewQuery("INSERT INTO intake_quota (id, kind, address_hash) VALUES ({:id}, 'mark', 'h')").
		Bind(dbx.Params{"id": "mark-" + strings.Split(it.Email, "@")[0]}).Execute()
	return err
}

func marks(t *testing.T, app core.App) []string {
	t.Helper()
	var ids []string
	if err := app.DB().Select("id").From("intake_quota").Where(dbx.HashExp{"kind": "mark"}).OrderBy("id").Column(&ids); err != nil {
		t.Fatal(err)
	}
	return ids
}

type leftRow struct {
	Email     string `db:"email"`
	Attempts  int    `db:"attempts"`
	LastError string `db:"last_error"`
	Lease     string `db:"lease_until"`
	Next      string `db:"next_attempt_at"`
}

func leftRows(t *testing.T, app core.App) []leftRow {
	t.Helper()
	var rows []leftRow
	if err := app.DB().NewQuery("SELECT email, attempts, last_error, lease_until, next_attempt_at FROM intake").All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestRowsOfABatchShareOneTransaction(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	var inTx, committed []int
	w.Handle(intake.KindJoin, func(tx core.App, it intake.Item) error {
		inTx = append(inTx, len(marks(t, tx)))
		committed = append(committed, len(marks(t, app)))
		return mark(tx, it)
	})
	for _, e := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		submit(t, app, intake.KindJoin, e, nil)
	}
	if n, err := w.Drain(context.Background()); err != nil || n != 3 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	// Each row sees the earlier rows' writes, none of them committed yet.
	if want := []int{0, 1, 2}; !equalInts(inTx, want) || !equalInts(committed, []int{0, 0, 0}) {
		t.Errorf("seen in the transaction %v (want %v), committed %v (want none)", inTx, want, committed)
	}
	if got := marks(t, app); len(got) != 3 || count(t, app, "intake") != 0 {
		t.Errorf("after the batch: marks %v, %d intake rows", got, count(t, app, "intake"))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAFailingRowKeepsTheOthersWork(t *testing.T) {
	for _, failure := range []string{"error", "panic"} {
		t.Run(failure, func(t *testing.T) {
			app, _ := testapp.New(t, nil)
			c := &clock{t: time.Now()}
			var dead []string
			w := newWorker(t, app, c, &dead)
			w.Handle(intake.KindJoin, func(tx core.App, it intake.Item) error {
				if err := mark(tx, it); err != nil {
					return err
				}
				if strings.HasPrefix(it.Email, "bad@") {
					if failure == "panic" {
						panic("processor bug for " + it.Email)
					}
					return errors.New("refused " + it.Email)
				}
				return nil
			})
			for _, e := range []string{"a@example.org", "b@example.org", "bad@example.org", "c@example.org", "d@example.org"} {
				submit(t, app, intake.KindJoin, e, nil)
			}
			if n, err := w.Drain(context.Background()); err != nil || n != 5 {
				t.Fatalf("Drain = %d, %v", n, err)
			}
			if got := strings.Join(marks(t, app), " "); got != "mark-a mark-b mark-c mark-d" {
				t.Errorf("committed effects: %s (want the four good rows', nothing of the failing one)", got)
			}
			rows := leftRows(t, app)
			if len(rows) != 1 {
				t.Fatalf("intake rows left: %+v", rows)
			}
			r := rows[0]
			want := c.Now().Add(10 * time.Second).UTC().Format("2006-01-02 15:04:05")
			if r.Email != "bad@example.org" || r.Attempts != 1 || r.Lease != "" || !strings.HasPrefix(r.Next, want) ||
				!strings.Contains(r.LastError, "[address]") || strings.Contains(r.LastError, "bad@") {
				t.Errorf("failing row = %+v (want attempt 1, retry at %s, redacted error)", r, want)
			}
		})
	}
}

func TestDroppedRowIsLoggedOnceWhenItsBatchIsRerun(t *testing.T) {
	app, _ := testapp.New(t, nil)
	var logs bytes.Buffer
	c := &clock{t: time.Now()}
	w, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey, Max: 1}, Now: c.Now,
		Jitter: func() float64 { return 0.5 }, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w.Handle(intake.KindDetails, func(tx core.App, it intake.Item) error {
		if strings.HasPrefix(it.Email, "bad@") {
			return errors.New("refused")
		}
		return mark(tx, it)
	})
	for _, e := range []string{"a@example.org", "a@example.org", "bad@example.org"} {
		submit(t, app, intake.KindDetails, e, nil)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "over the per-address cap dropped"); n != 1 {
		t.Errorf("the dropped row was logged %d times:\n%s", n, logs.String())
	}
	if got := marks(t, app); len(got) != 1 || len(leftRows(t, app)) != 1 {
		t.Errorf("marks %v, rows left %+v", got, leftRows(t, app))
	}
}
