package outbox

import (
	"fmt"
	"time"

	"memberbase/internal/jobs"
)

// Status is what readiness checks and operators want to know about the
// outbox: whether the worker runs, how much waits, and for how long.
type Status struct {
	Running         bool          `json:"running"`
	InFlight        int           `json:"in_flight"`
	Backlog         int           `json:"backlog"`           // queued + sending
	OldestQueuedAge time.Duration `json:"oldest_queued_age"` // 0 when nothing is queued
	Failed          int           `json:"failed"`
}

// Status reads the backlog with two indexed queries on the read pool.
func (w *Worker) Status() (Status, error) {
	st := Status{Running: w.Running(), InFlight: int(w.pending.Load())}
	b, err := jobs.ReadBacklog(w.app, Collection)
	if err != nil {
		return st, fmt.Errorf("outbox: status: %w", err)
	}
	st.Backlog, st.Failed = b.Pending, b.Failed
	if !b.OldestQueued.IsZero() {
		st.OldestQueuedAge = max(0, w.opts.Now().Sub(b.OldestQueued.Time()))
	}
	return st, nil
}
