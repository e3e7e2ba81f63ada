package webhooks

import "context"

// Drain claims and posts every due delivery one by one, so a test with an
// injected clock sees each attempt's outcome deterministically.
func (w *Worker) Drain(ctx context.Context) int {
	n := 0
	for {
		rows, err := w.claim(ctx, 50)
		if err != nil {
			panic(err)
		}
		if len(rows) == 0 {
			return n
		}
		for _, c := range rows {
			w.process(ctx, c)
			n++
		}
	}
}
