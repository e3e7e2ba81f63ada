// Package audit keeps the access and change log of SPEC §16: who read or
// changed which member data, in an HMAC-chained audit_log collection that
// only this package writes, anchored daily in the ledger outside the
// database. Model and request hooks bound in hooks/ feed it, so features
// never call it for their ordinary reads and writes.
package audit

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Collection is the audit log's collection (and table) name.
const Collection = "audit_log"

// Actor types (audit_log.actor_type).
const (
	ActorSuperuser = "superuser"
	ActorStaff     = "staff"
	ActorMember    = "member"
	ActorSystem    = "system"
	ActorCLI       = "cli"
)

// Actions (audit_log.action). Checkpoint marks where pruning cut the chain.
const (
	ActionList       = "list"
	ActionView       = "view"
	ActionExpand     = "expand"
	ActionRealtime   = "realtime"
	ActionCreate     = "create"
	ActionUpdate     = "update"
	ActionDelete     = "delete"
	ActionExport     = "export"
	ActionImport     = "import"
	ActionDownload   = "download"
	ActionErase      = "erase"
	ActionSQL        = "sql"
	ActionBackup     = "backup"
	ActionCheckpoint = "checkpoint"
)

// Actions lists every action, for the collection's select field.
var Actions = []string{ActionList, ActionView, ActionExpand, ActionRealtime, ActionCreate, ActionUpdate,
	ActionDelete, ActionExport, ActionImport, ActionDownload, ActionErase, ActionSQL, ActionBackup, ActionCheckpoint}

// ActorTypes lists every actor type, for the collection's select field.
var ActorTypes = []string{ActorSuperuser, ActorStaff, ActorMember, ActorSystem, ActorCLI}

// Actor is who acted: a type and, for superusers, staff and members, the
// record id (never a name or an address).
type Actor struct {
	Type string
	ID   string
}

// Entry is one audit row before it is chained. RecordIDs are record ids of
// Target (a collection name); Fields are field names, never values.
type Entry struct {
	Actor     Actor
	Action    string
	Target    string
	RecordIDs []string
	Fields    []string
	RequestID string
	Detail    string    // e.g. "sha256:…" of an SQL statement, a backup's name
	At        time.Time // when it happened (reads are written a little later); zero: now
}

// ActorOf returns the actor of an authenticated request: superusers and
// staff. Any other record (or none) is not an actor the audit knows.
func ActorOf(auth *core.Record) (Actor, bool) {
	switch {
	case auth == nil:
		return Actor{}, false
	case auth.IsSuperuser():
		return Actor{Type: ActorSuperuser, ID: auth.Id}, true
	case auth.Collection().Name == "staff":
		return Actor{Type: ActorStaff, ID: auth.Id}, true
	}
	return Actor{}, false
}

type actorKey struct{}

// WithActor returns ctx naming who acts, for Go code that saves on a
// person's behalf (a member confirming a link): the write hooks read it from
// the context given to app.SaveWithContext or app.DeleteWithContext.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctxValue(ctx, actorKey{}).(Actor)
	return a, ok
}
