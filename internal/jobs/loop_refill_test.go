package jobs

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// claimLog wraps a queue's claim and records the max of every call.
type claimLog struct {
	q    *queue
	mu   sync.Mutex
	maxs []int
}

func (c *claimLog) claim(ctx context.Context, max int) ([]int, error) {
	c.mu.Lock()
	c.maxs = append(c.maxs, max)
	c.mu.Unlock()
	return c.q.claim(ctx, max)
}

func (c *claimLog) asked() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.maxs)
}

// TestLoopRefillsABacklogInHalfBatches: under a backlog, a loop of four does
// not claim again each time one item finishes (one write transaction per
// item) but once two slots are free, and still drains the whole backlog.
func TestLoopRefillsABacklogInHalfBatches(t *testing.T) {
	q := &queue{}
	for i := range 12 {
		q.push(i)
	}
	c := &claimLog{q: q}
	release := make(chan struct{})
	done := make(chan int, 12) // an item finished
	l := &Loop[int]{Name: "t", Concurrency: 4, Interval: time.Hour, Claim: c.claim,
		Process: func(_ context.Context, i int) { <-release; done <- i }}
	l.Start()
	defer l.Stop(context.Background())
	defer close(release) // first: a failed test leaves no item blocking Stop
	waitFor(t, "the first batch started", func() bool { return l.InFlight() == 4 })
	// Let the items finish one at a time, each with time for the loop to
	// react to its freed slot.
	for n := range 12 {
		select {
		case release <- struct{}{}:
			<-done
		case <-time.After(5 * time.Second):
			t.Fatalf("item %d never started; claims asked for %v", n+1, c.asked())
		}
		time.Sleep(30 * time.Millisecond)
		if n < 8 && n%2 == 1 { // the second freed slot: a claim refills both
			waitFor(t, "the refill", func() bool { return l.InFlight() == 4 })
		}
	}
	asked := c.asked()
	if asked[0] != 4 {
		t.Errorf("first claim asked for %d, want 4", asked[0])
	}
	for _, m := range asked[1:] {
		if m < 2 {
			t.Fatalf("claims asked for %v: a refill of %d, want at least half of 4 (2)", asked, m)
		}
	}
}

// TestLoopClaimsNothingWhileFull: a wake-up while every slot is busy does not
// call Claim (with room for nothing, it would be a write transaction for
// nothing, and a Claim may read max 0 as "no limit").
func TestLoopClaimsNothingWhileFull(t *testing.T) {
	q := &queue{}
	q.push(1, 2)
	c := &claimLog{q: q}
	release := make(chan struct{})
	l := &Loop[int]{Name: "t", Concurrency: 1, Interval: time.Hour, Claim: c.claim,
		Process: func(context.Context, int) { <-release }}
	l.Start()
	defer l.Stop(context.Background())
	defer close(release)
	waitFor(t, "the first item started", func() bool { return l.InFlight() == 1 })
	for range 5 {
		l.Wake()
		time.Sleep(10 * time.Millisecond)
	}
	if asked := c.asked(); len(asked) != 1 {
		t.Errorf("claims while the only slot was busy: asked for %v, want the start claim [1] only", asked)
	}
}
