package outbox

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// While one commit runs, the callers that arrive wait and are then written
// together in the next commit, each exactly once, each told its own result.
func TestGroupCommitBatchesWaitingCallers(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var mu sync.Mutex
	var batches [][]int
	g := &groupCommit[int]{max: 64, commit: func(items []int) []error {
		mu.Lock()
		batches = append(batches, slices.Clone(items))
		first := len(batches) == 1
		mu.Unlock()
		if first {
			started <- struct{}{}
			<-release
		}
		errs := make([]error, len(items))
		for i, v := range items {
			if v%5 == 0 {
				errs[i] = fmt.Errorf("item %d failed", v)
			}
		}
		return errs
	}}
	results := make([]error, 11)
	var wg sync.WaitGroup
	wg.Go(func() { results[0] = g.do(0) })
	<-started
	for i := 1; i <= 10; i++ {
		wg.Go(func() { results[i] = g.do(i) })
	}
	waitFor(t, func() bool { g.mu.Lock(); defer g.mu.Unlock(); return len(g.pending) == 10 })
	close(release)
	wg.Wait()

	if len(batches) != 2 || len(batches[0]) != 1 || len(batches[1]) != 10 {
		t.Fatalf("batches %v, want [0] then the ten waiting callers together", batches)
	}
	seen := slices.Concat(batches...)
	slices.Sort(seen)
	if !slices.Equal(seen, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Fatalf("items committed %v, want each once", seen)
	}
	for i, err := range results {
		if (err != nil) != (i%5 == 0) {
			t.Errorf("caller %d got %v", i, err)
		}
	}
}

// A group never exceeds max; the rest follow in the next commit.
func TestGroupCommitCapsTheBatch(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	var mu sync.Mutex
	var sizes []int
	g := &groupCommit[int]{max: 4, commit: func(items []int) []error {
		mu.Lock()
		sizes = append(sizes, len(items))
		first := len(sizes) == 1
		mu.Unlock()
		if first {
			started <- struct{}{}
			<-release
		}
		return make([]error, len(items))
	}}
	var wg sync.WaitGroup
	wg.Go(func() { _ = g.do(0) })
	<-started
	for i := 1; i <= 9; i++ {
		wg.Go(func() { _ = g.do(i) })
	}
	waitFor(t, func() bool { g.mu.Lock(); defer g.mu.Unlock(); return len(g.pending) == 9 })
	close(release)
	wg.Wait()
	if !slices.Equal(sizes, []int{1, 4, 4, 1}) {
		t.Fatalf("batch sizes %v, want [1 4 4 1]", sizes)
	}
}

// A commit that panics fails its callers instead of leaving them waiting,
// and the next caller leads a new commit.
func TestGroupCommitPanicFailsTheBatch(t *testing.T) {
	calls := 0
	g := &groupCommit[int]{max: 8, commit: func(items []int) []error {
		calls++
		if calls == 1 {
			panic("boom")
		}
		return make([]error, len(items))
	}}
	var pe panicError
	if err := g.do(1); !errors.As(err, &pe) {
		t.Fatalf("first do: %v, want the panic as an error", err)
	}
	if err := g.do(2); err != nil {
		t.Fatalf("second do: %v", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}
