package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/branches"
)

// repGuardPriority runs the rep guard right after PocketBase loads the auth
// token (-1020) and before any API handler.
const repGuardPriority = -1012

// bindBranches binds the rep guard (SPEC §16b): reps reach only the list and
// view of branch_members, by its own fields; and keeps the forms' cache of
// public branches current.
func bindBranches(app core.App, cache interface{ Invalidate() }) {
	invalidate := func(e *core.ModelEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	app.OnModelAfterCreateSuccess(branches.Collection).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.branches.create", Func: invalidate})
	app.OnModelAfterUpdateSuccess(branches.Collection).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.branches.update", Func: invalidate})
	app.OnModelAfterDeleteSuccess(branches.Collection).Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.branches.delete", Func: invalidate})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.branches.serve",
		Func: func(se *core.ServeEvent) error {
			se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "memberbase.branches.repGuard", Priority: repGuardPriority, Func: branches.Guard})
			return se.Next()
		},
	})
}
