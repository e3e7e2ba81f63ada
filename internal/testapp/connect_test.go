package testapp

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"
)

// TestAppsOpenDatabasesLikeTheBinary checks every way this package makes an
// app: each pool of both databases zeroes what it deletes, as the binary's
// do, so a test scanning the database files for erased data sees what
// production leaves.
func TestAppsOpenDatabasesLikeTheBinary(t *testing.T) {
	fresh, _ := New(t, nil)
	assertSecureDelete(t, "New", fresh)
	copied := TemplateFactory(t, nil)(t)
	defer copied.Cleanup()
	assertSecureDelete(t, "TemplateFactory", copied)
	assertSecureDelete(t, "Restart", Restart(t, copied, nil))
}

func assertSecureDelete(t *testing.T, name string, app *tests.TestApp) {
	t.Helper()
	for pool, db := range map[string]dbx.Builder{
		"data.db (concurrent)": app.ConcurrentDB(), "data.db (nonconcurrent)": app.NonconcurrentDB(),
		"auxiliary.db (concurrent)": app.AuxConcurrentDB(), "auxiliary.db (nonconcurrent)": app.AuxNonconcurrentDB(),
	} {
		var on int
		if err := db.NewQuery("PRAGMA secure_delete").Row(&on); err != nil || on != 1 {
			t.Errorf("%s app, %s: PRAGMA secure_delete = %d, %v; want 1", name, pool, on, err)
		}
	}
}
