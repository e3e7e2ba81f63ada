package webhooks

import (
	"log/slog"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// markRow is an outcome as the marker's statement reads it (absent
// fields are NULL there: the column keeps its value).
type markRow struct {
	ID          string  `json:"id"`
	Lease       string  `json:"lease"`
	Status      string  `json:"s"`
	Now         string  `json:"now"`
	Next        *string `json:"next,omitempty"`
	DeliveredAt *string `json:"at,omitempty"`
	Code        *int    `json:"code,omitempty"`
	Err         *string `json:"err,omitempty"`
	Undo        int     `json:"undo"`
}

func (o outcome) row() markRow {
	r := markRow{ID: o.c.ID, Lease: o.c.LeaseUntil, Status: o.status, Now: dbTime(o.now)}
	if o.next != "" {
		r.Next = &o.next
	}
	if o.status == StatusDelivered {
		r.DeliveredAt = &r.Now
	}
	if o.result {
		r.Code, r.Err = &o.code, &o.err
	}
	if o.undo {
		r.Undo = 1
	}
	return r
}

// markStatement records a batch of outcomes in one statement: parsing and
// running one UPDATE per delivery cost the writer (and the cores) several
// times more. Each row is looked up by id (the +status keeps SQLite from
// scanning the status index instead) and changed only while it still
// holds the lease its claim took.
const markStatement = `UPDATE webhook_deliveries AS d SET
	status = json_extract(j.value, '$.s'),
	next_attempt_at = COALESCE(json_extract(j.value, '$.next'), d.next_attempt_at),
	delivered_at = COALESCE(json_extract(j.value, '$.at'), d.delivered_at),
	last_status = COALESCE(json_extract(j.value, '$.code'), d.last_status),
	last_error = COALESCE(json_extract(j.value, '$.err'), d.last_error),
	attempts = d.attempts - json_extract(j.value, '$.undo'),
	lease_until = '', updated = json_extract(j.value, '$.now')
	FROM json_each({:rows}) AS j
	WHERE d.id = json_extract(j.value, '$.id') AND +d.status = 'sending'
	  AND d.lease_until = json_extract(j.value, '$.lease')
	RETURNING id`

// markAll runs markStatement on app (one statement: its own transaction) and warns about each outcome whose
// lease ran out first: another worker took the row, and it decides.
func markAll(app core.App, batch []outcome, rowsJSON []byte, log *slog.Logger) error {
	var marked []string
	if err := app.DB().NewQuery(markStatement).Bind(dbx.Params{"rows": string(rowsJSON)}).Column(&marked); err != nil {
		return err
	}
	if len(marked) == len(batch) {
		return nil
	}
	for _, o := range batch {
		if !slices.Contains(marked, o.c.ID) {
			log.Warn("webhooks: lease lost before the result was recorded", "delivery", o.c.ID)
		}
	}
	return nil
}
