package hooks

import "github.com/pocketbase/pocketbase/core"

// inTx runs fn in the caller's transaction, or in one opened here (e.App
// goes back to the outer app after, so after-success hooks never see the
// finished transaction).
func inTx(e *core.RecordEvent, fn func(tx core.App) error) error {
	if e.App.IsTransactional() {
		return fn(e.App)
	}
	outer := e.App
	defer func() { e.App = outer }()
	return outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
}
