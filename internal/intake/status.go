package intake

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Status is the worker's backlog for operators (superusers only: a count
// of intake rows must never reach a public answer).
type Status struct {
	Running  bool
	InFlight int
	Backlog  int           // rows still to be tried
	Dead     int           // rows that failed MaxAttempts times
	Oldest   time.Duration // age of the oldest row still to be tried
}

// Status reads the backlog with two queries on the read pool.
func (w *Worker) Status() (Status, error) {
	st := Status{Running: w.Running(), InFlight: int(w.rows.Load())}
	var row struct {
		Backlog int    `db:"backlog"`
		Dead    int    `db:"dead"`
		Oldest  string `db:"oldest"`
	}
	err := w.app.DB().NewQuery(`SELECT
		COALESCE(SUM(attempts < {:max}), 0) AS backlog,
		COALESCE(SUM(attempts >= {:max}), 0) AS dead,
		COALESCE(MIN(CASE WHEN attempts < {:max} THEN created END), '') AS oldest
		FROM intake`).Bind(dbx.Params{"max": MaxAttempts}).One(&row)
	if err != nil {
		return st, fmt.Errorf("intake: status: %w", err)
	}
	st.Backlog, st.Dead = row.Backlog, row.Dead
	if row.Oldest != "" {
		if t, err := types.ParseDateTime(row.Oldest); err == nil {
			st.Oldest = max(0, w.opts.Now().Sub(t.Time()))
		}
	}
	return st, nil
}
