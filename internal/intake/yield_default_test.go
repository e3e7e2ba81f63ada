package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// TestBatchYieldsByDefault: a worker built without YieldMax still lets a
// submit in flight go first, for its documented default of 20 ms, before it
// takes SQLite's writer (a minimum wait, measured on the wall clock the
// yield itself uses, so no load can make it flaky).
func TestBatchYieldsByDefault(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey}})
	if err != nil {
		t.Fatal(err)
	}
	intake.Attach(app, w)
	w.Handle(intake.KindJoin, func(core.App, intake.Item) error { return nil })
	submit(t, app, intake.KindJoin, "first@example.org", nil)
	held, release := make(chan struct{}), make(chan struct{})
	app.OnRecordCreate(intake.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "test.hold",
		Func: func(e *core.RecordEvent) error {
			close(held)
			<-release
			return e.Next()
		},
	})
	go func() { _ = intake.Submit(app, intake.KindJoin, "held@example.org", nil) }()
	<-held
	defer close(release)
	start := time.Now()
	if n, err := w.Drain(context.Background()); err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v: the batch should run once the default yield is over", n, err)
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Errorf("the batch waited %v for the submit in flight, want the default 20 ms", waited)
	}
}
