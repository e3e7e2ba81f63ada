package dues_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// eraseMember erases a member with the shared erasure, as a deletion
// request does.
func eraseMember(t *testing.T, e *env, id string) {
	t.Helper()
	er, err := members.EraserFrom(e.app)
	if err != nil {
		t.Fatal(err)
	}
	err = e.app.RunInTransaction(func(tx core.App) error {
		m, err := tx.FindRecordById("members", id)
		if err != nil {
			return err
		}
		return er.Erase(tx, m)
	})
	if err != nil {
		t.Fatal(err)
	}
}
