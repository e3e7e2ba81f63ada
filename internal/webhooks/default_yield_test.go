package webhooks_test

import (
	"context"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestClaimsYieldToWriteRequestsByDefault: with the default YieldMax each
// claim waits up to 20 ms for the write requests in flight before it
// takes SQLite's writer (so the requests write first), and no longer.
// The request here lasts the whole test, so each of five claims waits
// the full 20 ms.
func TestClaimsYieldToWriteRequestsByDefault(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w := newWorker(app, newClock(), webhooks.Options{AllowPrivate: true})
	defer w.RequestStarted()()
	start := time.Now()
	for range 5 {
		w.ClaimIDs(context.Background(), 10)
	}
	if took := time.Since(start); took < 5*20*time.Millisecond || took > 5*time.Second {
		t.Errorf("five claims under a write request took %s, want 20 ms of waiting each", took)
	}
}
