package webhooks

import (
	"sync"
	"time"
)

// waker coalesces wake-ups: every member create commits a delivery and
// asks for a claim, and a claim is a write transaction competing with
// the next create for SQLite's writer. The first wake after a quiet gap
// fires at once (an idle worker posts within milliseconds); the wakes
// that follow within the gap share one fire at its end.
type waker struct {
	gap     time.Duration
	fire    func()
	mu      sync.Mutex
	last    time.Time   // when fire last ran
	pending *time.Timer // the fire at the end of the gap, if one is due
	stopped bool
}

func newWaker(gap time.Duration, fire func()) *waker {
	return &waker{gap: gap, fire: fire}
}

// wake fires now, or at the end of the current gap; never blocks.
func (k *waker) wake() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stopped || k.pending != nil {
		return
	}
	now := time.Now()
	if wait := k.last.Add(k.gap).Sub(now); wait > 0 {
		k.pending = time.AfterFunc(wait, k.deferred)
		return
	}
	k.last = now
	k.fire()
}

func (k *waker) deferred() {
	k.mu.Lock()
	k.pending, k.last = nil, time.Now()
	stopped := k.stopped
	k.mu.Unlock()
	if !stopped {
		k.fire()
	}
}

// stop drops a pending fire and ignores later wakes.
func (k *waker) stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.stopped = true
	if k.pending != nil {
		k.pending.Stop()
		k.pending = nil
	}
}
