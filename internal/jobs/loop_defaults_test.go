package jobs

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoopDefaultsToFourAtOnce: a loop given no concurrency processes
// four items at a time (SQLite has one writer; more would only queue for
// it), neither one nor an unbounded number.
func TestLoopDefaultsToFourAtOnce(t *testing.T) {
	q := &queue{}
	for i := range 12 {
		q.push(i)
	}
	release := make(chan struct{})
	var cur, peak atomic.Int64
	l := &Loop[int]{Name: "t", Interval: time.Hour, Claim: q.claim,
		Process: func(context.Context, int) {
			n := cur.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			<-release
			cur.Add(-1)
		}}
	l.Start()
	defer l.Stop(context.Background())
	waitFor(t, "the first items started", func() bool { return cur.Load() == 4 })
	time.Sleep(100 * time.Millisecond) // room for a fifth, which must not start
	if got := peak.Load(); got != 4 {
		t.Errorf("%d items at once by default, want 4", got)
	}
	close(release)
}

// TestLoopDefaultsToAnUnhurriedPoll: a loop given no interval does not
// poll in a tight loop: between the start claim and the default 30 s poll
// it claims only when woken.
func TestLoopDefaultsToAnUnhurriedPoll(t *testing.T) {
	var claims atomic.Int64
	l := &Loop[int]{Name: "t", Process: func(context.Context, int) {},
		Claim: func(context.Context, int) ([]int, error) { claims.Add(1); return nil, nil }}
	l.Start()
	defer l.Stop(context.Background())
	waitFor(t, "the start claim", func() bool { return claims.Load() == 1 })
	time.Sleep(300 * time.Millisecond)
	if got := claims.Load(); got != 1 {
		t.Errorf("%d claims in 300 ms with nothing due and no wake, want the start claim only", got)
	}
}
