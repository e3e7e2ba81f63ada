package webhooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
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
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := w.app.DB().NewQuery(`SELECT status, COUNT(*) AS n FROM webhook_deliveries
		WHERE status IN ('queued', 'sending', 'failed') GROUP BY status`).All(&counts)
	if err != nil {
		return st, fmt.Errorf("webhooks: status: %w", err)
	}
	for _, c := range counts {
		if c.Status == StatusFailed {
			st.Failed = c.N
		} else {
			st.Backlog += c.N
		}
	}
	var oldest string
	err = w.app.DB().NewQuery(`SELECT COALESCE(MIN(created), '') FROM webhook_deliveries WHERE status = 'queued'`).Row(&oldest)
	if err != nil {
		return st, fmt.Errorf("webhooks: status: %w", err)
	}
	if t, err := types.ParseDateTime(oldest); err == nil && oldest != "" {
		st.OldestQueuedAge = max(0, w.opts.Now().Sub(t.Time()))
	}
	return st, nil
}
