package webhooks

import (
	"fmt"
	"time"

	"memberbase/internal/jobs"
)

// Status is the worker's part of readiness and the superuser status
// answer: the backlog (queued and sending), the oldest queued delivery's
// age and the failed count.
type Status struct {
	Running         bool
	InFlight        int
	Backlog         int
	OldestQueuedAge time.Duration
	Failed          int
}

// Status reads the backlog with two queries on the read pool.
func (w *Worker) Status() (Status, error) {
	st := Status{Running: w.Running(), InFlight: w.loop.InFlight()}
	b, err := jobs.ReadBacklog(w.app, DeliveriesCollection)
	if err != nil {
		return st, fmt.Errorf("webhooks: status: %w", err)
	}
	st.Backlog, st.Failed = b.Pending, b.Failed
	if !b.OldestQueued.IsZero() {
		st.OldestQueuedAge = max(0, w.opts.Now().Sub(b.OldestQueued.Time()))
	}
	return st, nil
}
