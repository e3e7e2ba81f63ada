package audit

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Buffer holds the write rows of one bulk transaction (a batch of a
// payments import) until [Log.Flush] chains them with one read of the
// chain head and one insert per 200 rows, instead of two statements per
// saved record. The rows keep the order in which the saves finished, so
// the chain reads exactly as if each had been written at once.
//
// A Buffer belongs to one transaction attempt: flush it in that
// transaction, and drop it when the transaction fails.
type Buffer struct {
	entries []Entry
}

// bufferKey carries a *Buffer through the saves of a bulk transaction.
type bufferKey struct{}

// WithBuffer returns ctx carrying b: [Log.TrackWrite] adds the rows of the
// saves made with it to b rather than writing them.
func WithBuffer(ctx context.Context, b *Buffer) context.Context {
	return context.WithValue(ctx, bufferKey{}, b)
}

func bufferFrom(ctx context.Context) *Buffer {
	b, _ := ctxValue(ctx, bufferKey{}).(*Buffer)
	return b
}

// add keeps an entry, stamped now (when the save happened, as a direct
// write would have stamped it).
func (b *Buffer) add(e Entry) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	b.entries = append(b.entries, e)
}

// Created adds the row of a record the caller inserted without the hooks
// (a multi-row insert): what [Log.TrackWrite] writes for a create made
// with ctx outside a request.
func (b *Buffer) Created(l *Log, ctx context.Context, r *core.Record) {
	b.add(l.entry(ctx, r, ActionCreate, nil))
}

// flushRows is how many rows one [Log.Append] of a flush chains (one
// insert): the SQLite driver maps and unmaps the memory of a larger
// statement each time, and with a query log on (LOG_SQL) dbx spells out
// each statement at a cost of parameters times length.
const flushRows = 10

// Flush chains the buffered rows after the newest one, in tx, and empties b.
func (l *Log) Flush(tx core.App, b *Buffer) error {
	entries := b.entries
	b.entries = nil
	for len(entries) > 0 {
		n := min(len(entries), flushRows)
		if err := l.Append(tx, entries[:n]...); err != nil {
			return err
		}
		entries = entries[n:]
	}
	return nil
}
