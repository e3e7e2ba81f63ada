package hooks_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/hooks"
	"memberbase/internal/testapp"
)

// TestSQLLogOnlyWhenAsked bootstraps a dev-mode app (PocketBase installs its
// query log there) and checks that both data.db pools keep the log functions
// only with LOG_SQL=true.
func TestSQLLogOnlyWhenAsked(t *testing.T) {
	for _, tc := range []struct {
		logSQL string
		want   bool
	}{{"false", false}, {"", false}, {"true", true}} {
		t.Run("LOG_SQL="+tc.logSQL, func(t *testing.T) {
			cfg := testapp.Config(t, map[string]string{"LOG_SQL": tc.logSQL})
			app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir(), IsDev: true})
			hooks.BindSQLLogForTest(app, cfg)
			if err := app.Bootstrap(); err != nil {
				t.Fatal(err)
			}
			defer app.ClearBootstrap()
			for name, b := range map[string]dbx.Builder{"concurrent": app.ConcurrentDB(), "nonconcurrent": app.NonconcurrentDB()} {
				db, ok := b.(*dbx.DB)
				if !ok {
					t.Fatalf("%s pool is a %T", name, b)
				}
				if got := db.QueryLogFunc != nil && db.ExecLogFunc != nil; got != tc.want {
					t.Errorf("%s pool: query log on = %v, want %v", name, got, tc.want)
				}
				if db.QueryLogFunc == nil != (db.ExecLogFunc == nil) {
					t.Errorf("%s pool: only one of the query and exec logs is set", name)
				}
			}
			// A re-bootstrap (a restore does one) installs them again: the
			// switch must hold after it too.
			if err := app.Bootstrap(); err != nil {
				t.Fatal(err)
			}
			db := app.NonconcurrentDB().(*dbx.DB)
			if got := db.QueryLogFunc != nil; got != tc.want {
				t.Errorf("after a re-bootstrap: query log on = %v, want %v", got, tc.want)
			}
		})
	}
}
