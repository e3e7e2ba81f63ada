package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// TestStatusShowsBacklogAgeAndRowsInFlight: an operator's status names the
// rows waiting and the age of the oldest on the worker's clock, counts the
// rows being processed while they are, and none once they are done.
func TestStatusShowsBacklogAgeAndRowsInFlight(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	submit(t, app, intake.KindJoin, "a@example.org", nil)
	submit(t, app, intake.KindJoin, "b@example.org", nil)
	c.Add(5 * time.Minute)
	st, err := w.Status()
	if err != nil || st.Backlog != 2 || st.Dead != 0 || st.Oldest < 4*time.Minute || st.Oldest > 10*time.Minute {
		t.Fatalf("status with two rows waiting = %+v, %v", st, err)
	}
	var during []int
	w.Handle(intake.KindJoin, func(core.App, intake.Item) error {
		st, err := w.Status()
		if err != nil {
			return err
		}
		during = append(during, st.InFlight)
		return nil
	})
	if n, err := w.Drain(context.Background()); err != nil || n != 2 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	if len(during) != 2 || during[0] != 2 || during[1] != 2 {
		t.Errorf("in flight while processing: %v, want 2 for each row", during)
	}
	st, err = w.Status()
	if err != nil || st.InFlight != 0 || st.Backlog != 0 || st.Oldest != 0 {
		t.Errorf("status after the drain = %+v, %v", st, err)
	}
}
