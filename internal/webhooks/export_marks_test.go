package webhooks

import (
	"context"
	"time"
)

// ClaimIDs claims up to max due deliveries and returns their ids in the
// claim's order, unposted (their leases hold).
func (w *Worker) ClaimIDs(ctx context.Context, max int) []string {
	rows, err := w.claim(ctx, max)
	if err != nil {
		panic(err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// PostUnrecorded claims up to max due deliveries and posts each without
// recording a result, as a worker that crashed right after its posts. It
// returns the posts attempted.
func (w *Worker) PostUnrecorded(ctx context.Context, max int) int {
	rows, err := w.claim(ctx, max)
	if err != nil {
		panic(err)
	}
	n := 0
	for _, c := range rows {
		if w.process(ctx, c).posted {
			n++
		}
	}
	return n
}

// PostThenRecord claims up to max due deliveries, posts each, calls
// between with their ids (a test lets another worker take a lease
// there), then records all the results in one marker write.
func (w *Worker) PostThenRecord(ctx context.Context, max int, between func(ids []string)) {
	rows, err := w.claim(ctx, max)
	if err != nil {
		panic(err)
	}
	batch := make([]outcome, len(rows))
	ids := make([]string, len(rows))
	for i, c := range rows {
		batch[i], ids[i] = w.process(ctx, c), c.ID
	}
	between(ids)
	w.marks.write(batch)
}

// Lease is how long the worker's claims hold.
func (w *Worker) Lease() time.Duration { return w.opts.Lease }

// ProcessLater claims up to max due deliveries, runs wait (time spent
// before a post slot came free), then posts and records them.
func (w *Worker) ProcessLater(ctx context.Context, max int, wait func()) {
	rows, err := w.claim(ctx, max)
	if err != nil {
		panic(err)
	}
	wait()
	batch := make([]outcome, len(rows))
	for i, c := range rows {
		batch[i] = w.process(ctx, c)
	}
	w.marks.write(batch)
}

// PostAfterMarkerStopped starts and stops the result marker alone, then
// claims up to max due deliveries, posts each and hands its outcome to
// the stopped marker, as posts that outlived a shutdown's deadline do.
// It returns the posts attempted.
func (w *Worker) PostAfterMarkerStopped(ctx context.Context, max int) int {
	w.marks.start()
	if err := w.marks.stop(ctx); err != nil {
		panic(err)
	}
	rows, err := w.claim(ctx, max)
	if err != nil {
		panic(err)
	}
	n := 0
	for _, c := range rows {
		o := w.process(ctx, c)
		w.marks.add(o)
		if o.posted {
			n++
		}
	}
	return n
}
