package intake_test

import (
	"context"
	"testing"
	"time"

	"memberbase/internal/intake"
)

// TestBatchYieldsByDefault: a worker built without YieldMax still lets a
// submit in flight go first, for its documented default of 20 ms, before it
// takes SQLite's writer (a minimum wait, measured on the wall clock the
// yield itself uses, so no load can make it flaky).
func TestBatchYieldsByDefault(t *testing.T) {
	w := workerBesideAHeldSubmit(t, intake.Options{Quota: intake.Quota{Key: testKey}})
	start := time.Now()
	if n, err := w.Drain(context.Background()); err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v: the batch should run once the default yield is over", n, err)
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Errorf("the batch waited %v for the submit in flight, want the default 20 ms", waited)
	}
}
