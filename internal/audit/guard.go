package audit

import (
	"context"
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// errRowsReadOnly refuses every model write to audit_log: this package
// inserts its rows with SQL (the chain needs the newest row under the write
// lock), so any create, update or delete through a model — REST, the
// dashboard, Go code, a superuser, a truncate — is someone else's.
var errRowsReadOnly = errors.New("audit_log rows are written by memberbase alone and are never changed or deleted")

// errCollectionLocked refuses changing or dropping the collection itself.
var errCollectionLocked = errors.New("the audit_log collection cannot be changed or deleted")

// RefuseModelChange is the OnModelCreate, OnModelUpdate and OnModelDelete
// handler of audit_log.
func RefuseModelChange(*core.ModelEvent) error { return errRowsReadOnly }

// RefuseRequest is the OnRecord{Create,Update,Delete}Request handler of
// audit_log: a clear 403 before the model guard would answer 400.
func RefuseRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("The audit log is written by memberbase alone and cannot be changed.", nil)
}

// GuardCollection is the OnCollectionUpdate and OnCollectionDelete handler
// (bound for every collection: a rename changes the event's tags) that keeps
// audit_log as it is, unless the change runs with [AllowSchemaChange].
func GuardCollection(e *core.CollectionEvent) error {
	if !isLog(e.App, e.Collection) || schemaChangeAllowed(e.Context) {
		return e.Next()
	}
	return errCollectionLocked
}

func isLog(app core.App, c *core.Collection) bool {
	if c.Name == Collection {
		return true
	}
	stored, err := app.FindCachedCollectionByNameOrId(c.Id)
	return err == nil && stored.Name == Collection
}

type schemaKey struct{}

// AllowSchemaChange returns ctx permitting a migration to change or drop
// audit_log (app.SaveWithContext, app.DeleteWithContext).
func AllowSchemaChange(ctx context.Context) context.Context {
	return context.WithValue(ctx, schemaKey{}, true)
}

func schemaChangeAllowed(ctx context.Context) bool {
	ok, _ := ctxValue(ctx, schemaKey{}).(bool)
	return ok
}

func ctxValue(ctx context.Context, k any) any {
	if ctx == nil {
		return nil
	}
	return ctx.Value(k)
}
