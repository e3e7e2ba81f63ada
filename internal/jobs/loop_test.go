package jobs

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// queue is an in-memory stand-in for a table of due items.
type queue struct {
	mu    sync.Mutex
	items []int
}

func (q *queue) push(n ...int) {
	q.mu.Lock()
	q.items = append(q.items, n...)
	q.mu.Unlock()
}

func (q *queue) claim(_ context.Context, max int) ([]int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(max, len(q.items))
	out := append([]int(nil), q.items[:n]...)
	q.items = q.items[n:]
	return out, nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLoopDrainsBacklogWithBoundedConcurrency(t *testing.T) {
	q := &queue{}
	for i := range 100 {
		q.push(i)
	}
	var cur, peak, done atomic.Int64
	l := &Loop[int]{Name: "t", Concurrency: 3, Interval: time.Hour, Claim: q.claim,
		Process: func(context.Context, int) {
			n := cur.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			cur.Add(-1)
			done.Add(1)
		}}
	l.Start()
	defer l.Stop(context.Background())
	// The interval is an hour: only the start claim and the freed-slot
	// re-claims can drain 100 items.
	waitFor(t, "backlog drained", func() bool { return done.Load() == 100 })
	if peak.Load() > 3 {
		t.Fatalf("peak concurrency %d, want <= 3", peak.Load())
	}
}

func TestLoopWakesOnDemand(t *testing.T) {
	q := &queue{}
	var done atomic.Int64
	l := &Loop[int]{Name: "t", Interval: time.Hour, Claim: q.claim,
		Process: func(context.Context, int) { done.Add(1) }}
	l.Start()
	defer l.Stop(context.Background())
	waitFor(t, "running", l.Running)
	time.Sleep(20 * time.Millisecond) // the start claim found nothing
	q.push(1)
	l.Wake()
	waitFor(t, "woken item processed", func() bool { return done.Load() == 1 })
}

func TestLoopStopWaitsForInFlight(t *testing.T) {
	q := &queue{}
	q.push(1, 2)
	started := make(chan struct{}, 2)
	var finished atomic.Int64
	l := &Loop[int]{Name: "t", Concurrency: 2, Interval: time.Hour, Claim: q.claim,
		Process: func(ctx context.Context, _ int) {
			started <- struct{}{}
			time.Sleep(100 * time.Millisecond)
			if ctx.Err() == nil {
				finished.Add(1)
			}
		}}
	l.Start()
	<-started
	<-started
	if err := l.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if finished.Load() != 2 || l.Running() || l.InFlight() != 0 {
		t.Fatalf("finished=%d running=%v inflight=%d", finished.Load(), l.Running(), l.InFlight())
	}
}

func TestLoopBoundedStopCancelsInFlight(t *testing.T) {
	q := &queue{}
	q.push(1)
	started := make(chan struct{})
	l := &Loop[int]{Name: "t", Interval: time.Hour, Claim: q.claim,
		Process: func(ctx context.Context, _ int) {
			close(started)
			<-ctx.Done()
		}}
	l.Start()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.Stop(ctx); err == nil {
		t.Fatal("Stop returned nil while an item was stuck")
	}
	waitFor(t, "loop ended after cancel", func() bool { return !l.Running() })
}

func TestLoopSurvivesPanics(t *testing.T) {
	q := &queue{}
	q.push(1, 2)
	var done atomic.Int64
	l := &Loop[int]{Name: "t", Concurrency: 1, Interval: time.Hour, Claim: q.claim,
		Process: func(_ context.Context, i int) {
			if i == 1 {
				panic("boom")
			}
			done.Add(1)
		}}
	l.Start()
	defer l.Stop(context.Background())
	waitFor(t, "second item after a panic", func() bool { return done.Load() == 1 })
}

func TestClaimPanicDoesNotCrash(t *testing.T) {
	calls := make(chan struct{}, 4)
	l := &Loop[int]{
		Name:     "panicky",
		Interval: 10 * time.Millisecond,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Claim: func(context.Context, int) ([]int, error) {
			select {
			case calls <- struct{}{}:
			default:
			}
			panic("database is gone")
		},
		Process: func(context.Context, int) {},
	}
	l.Start()
	for i := 0; i < 2; i++ {
		select {
		case <-calls:
		case <-time.After(5 * time.Second):
			t.Fatal("loop stopped claiming after a panic")
		}
	}
	if err := l.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}
