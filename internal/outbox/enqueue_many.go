package outbox

import (
	"context"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/bulkinsert"
)

// EnqueueMany stores ms in email_outbox in txApp's transaction, like
// [Enqueue] for each but with one dedupe lookup and one prepared insert
// ([bulkinsert.Records]): a job queueing thousands of mails spent most of
// its time in the per-record save. A message whose DedupeKey is already queued, or comes
// earlier in ms, is skipped. It returns how many rows it queued. The rows
// fire no record hook, so the caller wakes the worker ([Worker.Wake]) once
// its transaction has committed.
func EnqueueMany(ctx context.Context, txApp core.App, ms []Message) (int, error) {
	if len(ms) == 0 {
		return 0, nil
	}
	keys := make([]any, 0, len(ms))
	for _, m := range ms {
		if err := m.validate(); err != nil {
			return 0, err
		}
		keys = append(keys, m.DedupeKey)
	}
	var queued []string
	err := txApp.DB().Select("dedupe_key").From(Collection).Where(dbx.In("dedupe_key", keys...)).Column(&queued)
	if err != nil {
		return 0, fmt.Errorf("outbox: dedupe lookup: %w", err)
	}
	seen := make(map[string]bool, len(ms)+len(queued))
	for _, k := range queued {
		seen[k] = true
	}
	col, err := txApp.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	rows := make([]*core.Record, 0, len(ms))
	for _, m := range ms {
		if seen[m.DedupeKey] {
			continue
		}
		seen[m.DedupeKey] = true
		rows = append(rows, newRow(col, m))
	}
	if err := bulkinsert.Records(ctx, txApp, rows); err != nil {
		return 0, fmt.Errorf("outbox: queue mails: %w", err)
	}
	return len(rows), nil
}
