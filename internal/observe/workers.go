package observe

import (
	"sort"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// WorkerStatus is what a background worker reports to /readyz.
type WorkerStatus struct {
	Running bool          `json:"running"`
	Backlog int           `json:"backlog"`
	Oldest  time.Duration `json:"-"`
	// OldestSeconds is Oldest for the JSON body.
	OldestSeconds float64 `json:"oldest_queued_seconds"`
}

// Workers is the registry background workers add themselves to, so readiness
// can report each one and fail when one has stopped.
type Workers struct {
	mu    sync.Mutex
	funcs map[string]func() WorkerStatus
}

const workersKey = "memberbase.observe.workers"

// WorkersOf returns the app's worker registry, creating it on first use.
func WorkersOf(app core.App) *Workers {
	return app.Store().GetOrSet(workersKey, func() any {
		return &Workers{funcs: map[string]func() WorkerStatus{}}
	}).(*Workers)
}

// Add registers (or replaces) a worker's status function.
func (w *Workers) Add(name string, status func() WorkerStatus) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.funcs[name] = status
}

// Snapshot returns every worker's status and whether all are running.
func (w *Workers) Snapshot() (map[string]WorkerStatus, bool) {
	w.mu.Lock()
	names := make([]string, 0, len(w.funcs))
	funcs := make(map[string]func() WorkerStatus, len(w.funcs))
	for n, f := range w.funcs {
		names = append(names, n)
		funcs[n] = f
	}
	w.mu.Unlock()
	sort.Strings(names)

	out := make(map[string]WorkerStatus, len(names))
	ok := true
	for _, n := range names {
		s := funcs[n]()
		s.OldestSeconds = s.Oldest.Seconds()
		out[n] = s
		ok = ok && s.Running
	}
	return out, ok
}
