package jobs_test

import (
	"context"
	"testing"
	"time"

	"memberbase/internal/jobs"
)

// A worker waits for the request-path writes in flight, until the last one
// ends, and then goes on.
func TestYieldWaitsForWritesInFlight(t *testing.T) {
	var f jobs.InFlight
	done := f.Started()
	if f.Count() != 1 {
		t.Fatalf("count %d, want 1", f.Count())
	}
	var ended time.Time
	go func() {
		time.Sleep(30 * time.Millisecond)
		ended = time.Now()
		done()
	}()
	start := time.Now()
	f.Yield(context.Background(), time.Minute)
	if ended.IsZero() || f.Count() != 0 {
		t.Fatalf("Yield returned before the write ended (count %d)", f.Count())
	}
	// It goes on once the last write ends, not when its minute is up.
	if waited := time.Since(start); waited > 20*time.Second {
		t.Fatalf("Yield waited %v: it kept waiting after the write ended", waited)
	}
}

// Under writes that never end the worker still gets its turn after max,
// and a max of zero (yielding turned off) or a cancelled context does not
// wait at all.
func TestYieldNeverWaitsPastItsBound(t *testing.T) {
	var f jobs.InFlight
	defer f.Started()()
	start := time.Now()
	f.Yield(context.Background(), 20*time.Millisecond)
	if waited := time.Since(start); waited < 20*time.Millisecond || waited > 10*time.Second {
		t.Fatalf("waited %v under a never-ending write, want the 20ms bound", waited)
	}
	for name, yield := range map[string]func(){
		"max 0":     func() { f.Yield(context.Background(), 0) },
		"cancelled": func() { ctx, cancel := context.WithCancel(context.Background()); cancel(); f.Yield(ctx, time.Hour) },
	} {
		start := time.Now()
		yield()
		if waited := time.Since(start); waited > 5*time.Second {
			t.Errorf("%s: waited %v", name, waited)
		}
	}
}
