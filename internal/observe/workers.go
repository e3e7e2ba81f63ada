package observe

import (
	"sort"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Probe is how a background worker reports itself. Running must be cheap and
// run no SQL: the public /readyz calls it, and a query over a queue there
// would let an observer time or count what a privacy request queued. Backlog
// may query; only the superuser status endpoint calls it.
type Probe struct {
	Running func() bool
	Backlog func() (Backlog, error)
}

// Backlog is what operators want to know about a worker's queue.
type Backlog struct {
	InFlight int           `json:"in_flight"`
	Queued   int           `json:"backlog"`
	Oldest   time.Duration `json:"-"`
	Failed   int           `json:"failed"`
	// OldestSeconds is Oldest for the JSON body.
	OldestSeconds float64 `json:"oldest_queued_seconds"`
}

// WorkerReport is one worker in the superuser status answer.
type WorkerReport struct {
	Running bool   `json:"running"`
	Error   string `json:"error,omitempty"`
	Backlog
}

// Workers is the registry background workers add themselves to, so readiness
// can fail when one has stopped and operators can see their queues.
type Workers struct {
	mu     sync.Mutex
	probes map[string]Probe
}

const workersKey = "memberbase.observe.workers"

// WorkersOf returns the app's worker registry, creating it on first use.
func WorkersOf(app core.App) *Workers {
	return app.Store().GetOrSet(workersKey, func() any {
		return &Workers{probes: map[string]Probe{}}
	}).(*Workers)
}

// Add registers (or replaces) a worker's probe.
func (w *Workers) Add(name string, p Probe) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.probes[name] = p
}

// sorted returns the names and probes in name order, outside the lock.
func (w *Workers) sorted() ([]string, []Probe) {
	w.mu.Lock()
	names := make([]string, 0, len(w.probes))
	for n := range w.probes {
		names = append(names, n)
	}
	sort.Strings(names)
	probes := make([]Probe, len(names))
	for i, n := range names {
		probes[i] = w.probes[n]
	}
	w.mu.Unlock()
	return names, probes
}

// Running reports each worker's running flag and whether all run. It runs no
// SQL, so its cost never depends on what is queued.
func (w *Workers) Running() (map[string]bool, bool) {
	names, probes := w.sorted()
	out := make(map[string]bool, len(names))
	all := true
	for i, n := range names {
		r := probes[i].Running != nil && probes[i].Running()
		out[n] = r
		all = all && r
	}
	return out, all
}

// Reports returns every worker's running flag and backlog, for superusers.
func (w *Workers) Reports() map[string]WorkerReport {
	names, probes := w.sorted()
	out := make(map[string]WorkerReport, len(names))
	for i, n := range names {
		p := probes[i]
		rep := WorkerReport{Running: p.Running != nil && p.Running()}
		if p.Backlog != nil {
			b, err := p.Backlog()
			if err != nil {
				rep.Error = "backlog unavailable"
			}
			b.OldestSeconds = b.Oldest.Seconds()
			rep.Backlog = b
		}
		out[n] = rep
	}
	return out
}
