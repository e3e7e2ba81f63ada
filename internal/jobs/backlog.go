package jobs

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Backlog is what a queue table holds, as the workers' status reports it.
type Backlog struct {
	Pending      int            // rows queued or sending
	Failed       int            // rows failed for good
	OldestQueued types.DateTime // created of the oldest queued row; zero when none
}

// ReadBacklog counts the rows of a queue table (the outbox's, the webhook
// deliveries'; columns status and created, statuses queued, sending and
// failed) with two indexed queries on the read pool.
func ReadBacklog(app core.App, table string) (Backlog, error) {
	var b Backlog
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := app.DB().NewQuery(`SELECT [[status]], COUNT(*) AS n FROM {{` + table + `}}
		WHERE [[status]] IN ('queued', 'sending', 'failed') GROUP BY [[status]]`).All(&counts)
	if err != nil {
		return b, fmt.Errorf("%s backlog: %w", table, err)
	}
	for _, c := range counts {
		if c.Status == "failed" {
			b.Failed = c.N
		} else {
			b.Pending += c.N
		}
	}
	var oldest string
	err = app.DB().NewQuery(`SELECT COALESCE(MIN([[created]]), '') FROM {{` + table + `}} WHERE [[status]] = {:queued}`).
		Bind(dbx.Params{"queued": "queued"}).Row(&oldest)
	if err != nil {
		return b, fmt.Errorf("%s backlog: %w", table, err)
	}
	if oldest != "" {
		b.OldestQueued, _ = types.ParseDateTime(oldest)
	}
	return b, nil
}
