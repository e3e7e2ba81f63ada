// Package jobs runs durable background work: a [Loop] claims due items from
// the database with a lease, processes them with bounded concurrency, and
// wakes on demand or on a timer. The outbox and intake workers share it; what
// an item is, and how it is claimed and marked, is theirs.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Loop claims and processes items of type T until stopped. Set the exported
// fields, then call [Loop.Start] once; [Loop.Stop] ends it.
type Loop[T any] struct {
	// Name appears in log lines.
	Name string
	// Concurrency bounds the items processed at once (default 4). A claim
	// never asks for more than the free slots, so every claimed item is in
	// flight and nothing claimed waits behind a shutdown.
	Concurrency int
	// Interval is the idle poll period: retries and expired leases are picked
	// up at least this often (default 30 s).
	Interval time.Duration
	// Claim marks up to max due items as taken (with a lease) and returns them.
	Claim func(ctx context.Context, max int) ([]T, error)
	// Process handles one claimed item. Its context is cancelled only when a
	// bounded [Loop.Stop] runs out of time.
	Process func(ctx context.Context, item T)
	// Logger receives claim errors (default slog.Default()).
	Logger *slog.Logger

	wake     chan struct{}
	stop     chan struct{}
	done     chan struct{}
	running  atomic.Bool
	inflight atomic.Int64
	procCtx  context.Context
	cancel   context.CancelFunc
	once     sync.Once
}

// Start launches the loop in a goroutine. It claims at once, so items left
// queued by a previous run are handled without waiting for a wake-up.
func (l *Loop[T]) Start() {
	l.once.Do(func() {
		if l.Concurrency <= 0 {
			l.Concurrency = 4
		}
		if l.Interval <= 0 {
			l.Interval = 30 * time.Second
		}
		if l.Logger == nil {
			l.Logger = slog.Default()
		}
		l.wake = make(chan struct{}, 1)
		l.stop = make(chan struct{})
		l.done = make(chan struct{})
		l.procCtx, l.cancel = context.WithCancel(context.Background())
		l.running.Store(true)
		go l.run()
	})
}

// Wake asks the loop to claim now (coalesced; never blocks). Safe to call
// before Start or after Stop, when it does nothing.
func (l *Loop[T]) Wake() {
	if l.wake == nil {
		return
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Running reports whether the loop goroutine is alive.
func (l *Loop[T]) Running() bool { return l.running.Load() }

// InFlight is the number of items being processed right now.
func (l *Loop[T]) InFlight() int { return int(l.inflight.Load()) }

// Stop stops claiming and waits for in-flight items to finish. When ctx ends
// first, their contexts are cancelled and Stop returns an error; their leases
// bring them back to the next run.
func (l *Loop[T]) Stop(ctx context.Context) error {
	if l.stop == nil || !l.running.Load() {
		return nil
	}
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	select {
	case <-l.done:
		return nil
	case <-ctx.Done():
		l.cancel()
		return fmt.Errorf("%s: stop: %d items still in flight: %w", l.Name, l.InFlight(), ctx.Err())
	}
}

func (l *Loop[T]) run() {
	var wg sync.WaitGroup
	defer func() {
		wg.Wait()
		l.cancel()
		l.running.Store(false)
		close(l.done)
	}()
	freed := make(chan struct{}, 1) // a signal: coalesced, never blocks a worker
	timer := time.NewTimer(0)       // first claim at once
	defer timer.Stop()
	more := false // the last claim was full: more items are probably due
	for {
		claimNow := false
		select {
		case <-l.stop:
			return
		case <-l.wake:
			claimNow = true
		case <-timer.C:
			claimNow = true
			timer.Reset(l.Interval)
		case <-freed:
			claimNow = more
		}
		free := l.Concurrency - int(l.inflight.Load())
		if claimNow && more && free < (l.Concurrency+1)/2 {
			// Under a backlog, refill in half-batches rather than one claim
			// per finished item: fewer write transactions, same throughput.
			continue
		}
		if !claimNow || free <= 0 {
			continue
		}
		items, err := l.safeClaim(free)
		if err != nil && !errors.Is(err, context.Canceled) {
			l.Logger.Error("job claim failed", "job", l.Name, "error", err)
		}
		more = len(items) == free
		for _, it := range items {
			l.inflight.Add(1)
			wg.Add(1)
			go func() {
				defer func() {
					if r := recover(); r != nil {
						l.Logger.Error("job panicked", "job", l.Name, "panic", fmt.Sprint(r))
					}
					l.inflight.Add(-1)
					wg.Done()
					select {
					case freed <- struct{}{}:
					default:
					}
				}()
				l.Process(l.procCtx, it)
			}()
		}
	}
}

// safeClaim calls Claim, turning a panic into an error: a background loop
// must never take the process down.
func (l *Loop[T]) safeClaim(max int) (items []T, err error) {
	defer func() {
		if r := recover(); r != nil {
			items, err = nil, fmt.Errorf("claim panicked: %v", r)
		}
	}()
	return l.Claim(l.procCtx, max)
}
