package intake

import "context"

// ClaimOnly takes up to max rows the way the worker does and then does
// nothing with them: a worker that dies right after its claim.
func (w *Worker) ClaimOnly(max int) (int, error) {
	rows, err := w.claim(context.Background(), max)
	return len(rows), err
}

// ClaimSQL is the worker's claim statement, for its query-plan test.
const ClaimSQL = claimSQL
