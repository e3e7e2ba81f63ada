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
	actor, action := l.actorOf(ctx)
	return Entry{Actor: actor, Action: action, Target: r.Collection().Name, RecordIDs: []string{r.Id}, Fields: setFields(r)}
}

// actorOf is who writes with ctx, without a request, and how its creates
// are recorded (create, or import for a command's default).
func (l *Log) actorOf(ctx context.Context) (Actor, string) {
	if a, ok := actorFrom(ctx); ok {
		return a, ActionCreate
	}
	return l.defaults()
}
