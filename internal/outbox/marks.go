package outbox

import (
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// markBatch bounds the send results written in one transaction, so a large
// group never holds SQLite's one writer for long.
const markBatch = 64

// markRequest is one send result to record: the SET clause and its params.
type markRequest struct {
	c   claimed
	set string
	p   dbx.Params
}

// errLeaseLost is a result that came too late: the lease ran out and the
// row is another claim's now.
var errLeaseLost = errors.New("outbox: lease lost before the result was recorded")

// mark records an outcome, but only while the claim is still ours: if the
// lease ran out and another worker took the row, that worker decides. It
// waits for the group commit that writes it.
func (w *Worker) mark(c claimed, set string, p dbx.Params) error {
	err := w.marks.do(markRequest{c: c, set: set, p: p})
	if errors.Is(err, errLeaseLost) {
		w.opts.Logger.Warn("outbox: lease lost before the result was recorded", "id", c.ID)
		return nil
	}
	return err
}

// commitMarks writes a group of results in one transaction. When it fails
// (the transaction is rolled back as a whole, so no row is half-marked),
// each result is written again in its own, so one bad row costs the others
// nothing; a row whose mark fails even alone stays `sending` and is sent
// again once its lease ends (at least once, never lost).
func (w *Worker) commitMarks(reqs []markRequest) []error {
	errs := make([]error, len(reqs))
	if len(reqs) > 1 {
		err := w.app.RunInTransaction(func(tx core.App) error {
			for i, r := range reqs {
				lost, err := markRow(tx, r)
				if err != nil {
					return err
				}
				if lost {
					errs[i] = errLeaseLost
				}
			}
			return nil
		})
		if err == nil {
			return errs
		}
		w.opts.Logger.Warn("outbox: a group of send results failed, writing them one by one", "results", len(reqs), "error", err)
	}
	for i, r := range reqs {
		lost, err := markRow(w.app, r)
		switch {
		case err != nil:
			errs[i] = err
		case lost:
			errs[i] = errLeaseLost
		default:
			errs[i] = nil
		}
	}
	return errs
}

// markRow writes one result through app (the group's transaction, or the
// app for one alone) and reports whether the lease was lost.
func markRow(app core.App, r markRequest) (lost bool, err error) {
	r.p["id"], r.p["lease"] = r.c.ID, r.c.LeaseUntil
	res, err := app.DB().NewQuery(`UPDATE email_outbox SET ` + r.set + ` lease_until = '', updated = {:now}
		WHERE id = {:id} AND status = 'sending' AND lease_until = {:lease}`).Bind(r.p).Execute()
	if err != nil {
		return false, fmt.Errorf("outbox: mark %s: %w", r.c.ID, err)
	}
	n, _ := res.RowsAffected()
	return n == 0, nil
}
