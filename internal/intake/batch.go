package intake

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// errLeaseLost rolls a processing transaction back when another worker took
// the row over after our lease ran out: that worker decides.
var errLeaseLost = errors.New("intake: lease lost before the row was finished")

// claimBatches leases up to max batches' worth of rows for the loop, cut
// into batches of at most Options.Batch rows: the loop runs one transaction
// per batch, not per row, since commits dominated the worker's cost.
func (w *Worker) claimBatches(ctx context.Context, max int) ([][]Item, error) {
	rows, err := w.claim(ctx, max*w.opts.Batch)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	batches := slices.Collect(slices.Chunk(rows, w.opts.Batch)) // capacities clipped
	return batches, nil
}

// processBatch handles claimed rows, several per transaction.
func (w *Worker) processBatch(ctx context.Context, items []Item) {
	w.rows.Add(int64(len(items)))
	defer w.rows.Add(-int64(len(items)))
	w.requests.Yield(ctx, w.opts.YieldMax)
	w.runBatch(items)
}

// runBatch processes items in one transaction. When a row fails, the whole
// transaction is rolled back (a SAVEPOINT would undo its writes but not the
// after-commit hooks its saves queued) and the batch is split: the rows
// before it run again together, the failing row alone, where its failure is
// recorded, and the rest as a new batch. A row's effects are therefore kept
// exactly when its own processing succeeded.
func (w *Worker) runBatch(items []Item) {
	for len(items) > 1 {
		var failedAt int
		var dropped []Item
		err := w.app.RunInTransaction(func(tx core.App) error {
			failedAt, dropped = -1, dropped[:0]
			for i, it := range items {
				kept, err := w.processRow(tx, it)
				if err != nil {
					failedAt = i
					return err
				}
				if !kept {
					dropped = append(dropped, it)
				}
			}
			return nil
		})
		if err == nil {
			w.logDropped(dropped)
			return
		}
		if failedAt < 0 {
			// The commit itself failed: no row to blame, one per transaction.
			for _, it := range items {
				w.process(it)
			}
			return
		}
		w.runBatch(items[:failedAt])
		w.process(items[failedAt])
		items = items[failedAt+1:]
	}
	if len(items) == 1 {
		w.process(items[0])
	}
}

// process handles one row in its own transaction and records its failure.
func (w *Worker) process(it Item) {
	kept := true
	err := w.app.RunInTransaction(func(tx core.App) error {
		var err error
		kept, err = w.processRow(tx, it)
		return err
	})
	switch {
	case err == nil:
		if !kept {
			w.logDropped([]Item{it})
		}
	case errors.Is(err, errLeaseLost):
		w.opts.Logger.Warn("intake: lease lost before the row was finished", "id", it.ID, "kind", it.Kind)
	default:
		w.failed(it, err)
	}
}

// processRow deletes the row under its lease and runs its processor in tx.
// It reports false when the row was over its address's quota: deleted,
// nothing else done. A processor's panic becomes its row's error, so the
// transaction rolls back and the row gets its backoff like any failure.
func (w *Worker) processRow(tx core.App, it Item) (kept bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			kept, err = false, fmt.Errorf("intake: %s processor panicked: %v", it.Kind, r)
		}
	}()
	res, err := tx.DB().NewQuery(`DELETE FROM intake WHERE id = {:id} AND lease_until = {:lease}`).
		Bind(dbx.Params{"id": it.ID, "lease": it.LeaseUntil}).Execute()
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, errLeaseLost
	}
	w.mu.RLock()
	proc := w.procs[it.Kind]
	w.mu.RUnlock()
	if proc == nil {
		return false, fmt.Errorf("intake: no processor for kind %q", it.Kind)
	}
	ok, err := w.opts.Quota.take(tx, it.Kind, it.Email, w.opts.Now())
	if err != nil {
		return false, fmt.Errorf("intake: quota: %w", err)
	}
	if !ok {
		return false, nil
	}
	return true, proc(tx, it)
}

// logDropped logs the committed rows that were over the per-address cap
// (after the commit, so a batch that is re-run does not log them twice).
func (w *Worker) logDropped(items []Item) {
	for _, it := range items {
		w.opts.Logger.Info("intake: request over the per-address cap dropped", "id", it.ID, "kind", it.Kind)
	}
}
