package outbox

import (
	"fmt"
	"sync"
)

// groupCommit writes the items its callers hand in, many per commit. SQLite
// has one writer: under load the outbox spent one write transaction per
// sent mail on its result, each waiting in line for the writer with the
// request path. Here the first caller to arrive while no commit runs becomes
// the leader: it takes every item waiting (at most max), commits them with
// one call, hands each caller its error, and repeats while more arrived
// meanwhile. The others only wait. Nothing runs in the background, so
// stopping the worker needs no flush: a caller returns only once its item
// is committed, or failed.
type groupCommit[T any] struct {
	max    int
	commit func(items []T) []error // one error per item, in order

	mu      sync.Mutex
	pending []*groupItem[T]
	running bool
}

type groupItem[T any] struct {
	item T
	done chan error
}

// do commits item together with whatever else is waiting, and returns its
// own result.
func (g *groupCommit[T]) do(item T) error {
	me := &groupItem[T]{item: item, done: make(chan error, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, me)
	if g.running {
		g.mu.Unlock()
		return <-me.done
	}
	g.running = true
	for len(g.pending) > 0 {
		n := min(len(g.pending), max(g.max, 1))
		batch := g.pending[:n:n]
		g.pending = g.pending[n:]
		g.mu.Unlock()
		g.run(batch)
		g.mu.Lock()
	}
	g.pending = nil
	g.running = false
	g.mu.Unlock()
	return <-me.done
}

// run commits one batch. A panic in commit fails the whole batch rather than
// leaving its callers waiting for ever.
func (g *groupCommit[T]) run(batch []*groupItem[T]) {
	errs := make([]error, len(batch))
	defer func() {
		if r := recover(); r != nil {
			for i := range errs {
				errs[i] = panicError{r}
			}
		}
		for i, it := range batch {
			it.done <- errs[i]
		}
	}()
	items := make([]T, len(batch))
	for i, it := range batch {
		items[i] = it.item
	}
	copy(errs, g.commit(items))
}

// panicError is a commit that panicked, as each of its callers sees it.
type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprintf("outbox: group commit panicked: %v", p.v) }
