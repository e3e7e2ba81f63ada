package intake_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// TestRowsAfterAFailingRowStillShareATransaction: when the first row of a
// batch fails, it is retried alone and the rows after it still run
// together in one transaction (one commit, not one per row: commits are the
// worker's cost under a backlog), each seeing the other's uncommitted work.
func TestRowsAfterAFailingRowStillShareATransaction(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	type call struct {
		email           string
		inTx, committed int
	}
	var calls []call
	w.Handle(intake.KindJoin, func(tx core.App, it intake.Item) error {
		calls = append(calls, call{it.Email, len(marks(t, tx)), len(marks(t, app))})
		if err := mark(tx, it); err != nil {
			return err
		}
		if strings.HasPrefix(it.Email, "bad@") {
			return errors.New("refused")
		}
		return nil
	})
	for _, e := range []string{"bad@example.org", "c@example.org", "d@example.org"} {
		submit(t, app, intake.KindJoin, e, nil)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(marks(t, app), " "); got != "mark-c mark-d" {
		t.Fatalf("committed effects: %s", got)
	}
	last := calls[len(calls)-1]
	if last.email != "d@example.org" || last.inTx != 1 || last.committed != 0 {
		t.Errorf("the last row saw %d marks in its transaction, %d committed (want c's, uncommitted): calls %+v", last.inTx, last.committed, calls)
	}
}
