package intake_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// While a submit is in flight on the request path, the worker's next batch
// waits (here with no practical bound) and runs once the submit is done.
func TestBatchWaitsForSubmitsInFlight(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey}, YieldMax: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	intake.Attach(app, w) // Submit counts its writes on the app's worker
	var mu sync.Mutex
	var processed []string
	w.Handle(intake.KindJoin, func(_ core.App, it intake.Item) error {
		mu.Lock()
		processed = append(processed, it.Email)
		mu.Unlock()
		return nil
	})
	submit(t, app, intake.KindJoin, "first@example.org", nil)

	held, release := make(chan struct{}), make(chan struct{})
	app.OnRecordCreate(intake.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "test.hold",
		Func: func(e *core.RecordEvent) error {
			if e.Record.GetString("email") == "held@example.org" {
				close(held)
				<-release
			}
			return e.Next()
		},
	})
	submitted := make(chan error, 1)
	go func() { submitted <- intake.Submit(app, intake.KindJoin, "held@example.org", nil) }()
	<-held

	drained := make(chan int, 1)
	go func() {
		n, _ := w.Drain(context.Background())
		drained <- n
	}()
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	early := len(processed)
	mu.Unlock()
	if early != 0 {
		t.Fatalf("the batch ran while a submit was in flight: %d rows processed", early)
	}

	close(release)
	if err := <-submitted; err != nil {
		t.Fatal(err)
	}
	if n := <-drained; n != 2 {
		t.Fatalf("drained %d rows, want the waiting one and the submitted one", n)
	}
	if processed[0] != "first@example.org" || processed[1] != "held@example.org" {
		t.Fatalf("processed %v", processed)
	}
}

// Without a submit in flight a batch does not wait at all; with one that
// never ends, it waits YieldMax and then runs.
func TestBatchYieldIsBounded(t *testing.T) {
	w := workerBesideAHeldSubmit(t, intake.Options{Quota: intake.Quota{Key: testKey}, YieldMax: 50 * time.Millisecond})
	if n, err := w.Drain(context.Background()); err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v: the batch should run after YieldMax", n, err)
	}
}

// workerBesideAHeldSubmit returns a worker with one row waiting, while a
// second submit is held inside its insert (in flight) until the test ends.
func workerBesideAHeldSubmit(t *testing.T, opts intake.Options) *intake.Worker {
	t.Helper()
	app, _ := testapp.New(t, nil)
	w, err := intake.NewWorker(app, opts)
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
	t.Cleanup(func() { close(release) })
	return w
}
