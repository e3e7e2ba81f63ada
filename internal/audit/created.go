package audit

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
)

// Created returns the row [Log.TrackWrite] writes for the create of r
// outside a request: for a job that inserts records with SQL, without
// their hooks, and appends their rows itself with [Log.Append], so its
// trail is the one the saves would have left. The actor is ctx's
// ([WithActor]), or the default (system in `serve`, cli in a command).
func (l *Log) Created(ctx context.Context, r *core.Record) Entry {
	return l.entry(ctx, r, ActionCreate, nil)
}
