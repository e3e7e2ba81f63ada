package audit_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestOtherCollectionsStayEditable: the lock on audit_log's schema holds
// that collection alone; a superuser still adds a field to members, and
// creates, renames and deletes a collection of their own.
func TestOtherCollectionsStayEditable(t *testing.T) {
	app, _ := testapp.New(t, nil)
	m, err := app.FindCollectionByNameOrId("members")
	if err != nil {
		t.Fatal(err)
	}
	m.Fields.Add(&core.TextField{Name: "nickname"})
	if err := app.Save(m); err != nil {
		t.Errorf("adding a field to members: %v", err)
	}
	own := core.NewBaseCollection("committee_notes")
	own.Fields.Add(&core.TextField{Name: "body"})
	if err := app.Save(own); err != nil {
		t.Fatalf("creating a collection: %v", err)
	}
	own.Name = "board_notes"
	if err := app.Save(own); err != nil {
		t.Errorf("renaming a collection: %v", err)
	}
	if err := app.Delete(own); err != nil {
		t.Errorf("deleting a collection: %v", err)
	}
}
