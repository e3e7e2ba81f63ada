package outbox

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
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
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := w.app.DB().NewQuery(`SELECT status, COUNT(*) AS n FROM email_outbox
		WHERE status IN ('queued', 'sending', 'failed') GROUP BY status`).All(&counts)
	if err != nil {
		return st, fmt.Errorf("outbox: status: %w", err)
	}
	for _, c := range counts {
		if c.Status == StatusFailed {
			st.Failed = c.N
		} else {
			st.Backlog += c.N
		}
	}
	var oldest string
	err = w.app.DB().NewQuery(`SELECT COALESCE(MIN(created), '') FROM email_outbox WHERE status = 'queued'`).Row(&oldest)
	if err != nil {
		return st, fmt.Errorf("outbox: status: %w", err)
	}
	if oldest != "" {
		if t, err := types.ParseDateTime(oldest); err == nil {
			st.OldestQueuedAge = max(0, w.opts.Now().Sub(t.Time()))
		}
	}
	return st, nil
}
