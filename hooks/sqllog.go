package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
)

// bindSQLLog turns PocketBase's dev-mode query log off unless LOG_SQL asks
// for it: it prints every statement, the workers' polls included, and buries
// our own lines and every CLI command's report. PocketBase installs the log
// functions while it opens the database inside the bootstrap, so they are
// removed right after it (again after each re-bootstrap, e.g. a restore);
// the few statements of the bootstrap itself still print.
func bindSQLLog(app core.App, cfg *config.Config) {
	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
		Id: "memberbase.sqllog",
		Func: func(e *core.BootstrapEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			if !cfg.LogSQL {
				quietSQL(e.App)
			}
			return nil
		},
	})
}

// quietSQL removes the query and exec log functions of both data.db pools.
func quietSQL(app core.App) {
	for _, b := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		if db, ok := b.(*dbx.DB); ok {
			db.QueryLogFunc = nil
			db.ExecLogFunc = nil
		}
	}
}
