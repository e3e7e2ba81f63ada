package outbox

import (
	"context"
	"slices"
	"sync"

	"github.com/pocketbase/dbx"
)

// batchesInFlight is how many claimed batches the loop works on at once:
// the next batch is claimed while the last sends of the previous one
// finish, so a slow mail does not idle the other send slots.
const batchesInFlight = 2

// claimBatches leases up to max batches' worth of rows in one claim: under
// a join load SQLite's one writer is the bottleneck, and a claim of a few
// rows per free send slot waited in line as long as one of 32.
func (w *Worker) claimBatches(ctx context.Context, max int) ([][]claimed, error) {
	rows, err := w.claim(ctx, max*w.opts.Batch)
	if len(rows) == 0 {
		return nil, err
	}
	w.pending.Add(int64(len(rows)))
	batches := slices.Collect(slices.Chunk(rows, w.opts.Batch)) // capacities clipped
	return batches, err
}

// processBatch sends a batch's mails, at most Options.Concurrency at once
// across all batches, and records each result as it comes ([Worker.mark],
// grouped with the others finishing meanwhile). A send slot is freed before
// the result is written, so the SMTP conversations never wait for SQLite.
func (w *Worker) processBatch(ctx context.Context, rows []claimed) {
	var wg sync.WaitGroup
	for _, c := range rows {
		if w.stopping.Load() {
			w.release(c)
			w.finished()
			continue
		}
		select {
		case w.sends <- struct{}{}:
		case <-ctx.Done():
			w.release(c)
			w.finished()
			continue
		}
		wg.Go(func() {
			defer w.finished()
			err := w.send(ctx, c)
			<-w.sends
			w.record(c, err)
		})
	}
	wg.Wait()
}

// finished counts one claimed row as done and wakes the loop when a claim
// had left bulk rows for lack of send slots.
func (w *Worker) finished() {
	w.pending.Add(-1)
	if w.capWake.CompareAndSwap(true, false) {
		w.loop.Wake()
	}
}

// release gives a claimed row that was never sent back to the queue, its
// attempt not counted: a stop reached it first (a stop waits for the sends
// under way, not for the rest of their batch).
func (w *Worker) release(c claimed) {
	_, err := w.app.DB().NewQuery(`UPDATE email_outbox SET status = 'queued', attempts = attempts - 1,
		lease_until = '', updated = {:now} WHERE id = {:id} AND status = 'sending' AND lease_until = {:lease}`).
		Bind(dbx.Params{"id": c.ID, "lease": c.LeaseUntil, "now": dbTime(w.opts.Now())}).Execute()
	if err != nil {
		w.opts.Logger.Error("outbox: could not release an unsent row", "id", c.ID, "error", err)
	}
}
