package members_test

import (
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

func TestErasedMemberRefusesClientChanges(t *testing.T) {
	app, _ := testapp.New(t, nil)
	tomb := testapp.SaveMember(t, app, map[string]any{"first_name": "", "last_name": "", "email": "",
		"status": "erased", "joined_at": "2020-02-01 00:00:00.000Z"})
	live := testapp.SaveMember(t, app, nil)

	stored, err := app.FindRecordById("members", tomb.Id)
	if err != nil {
		t.Fatal(err)
	}
	// The dashboard sends every field back unchanged: not an edit.
	stored.Set("joined_at", "2020-02-01T00:00:00Z")
	stored.Set("marketing_opt_in", false)
	if errs := members.CheckClientUpdate(stored); errs != nil {
		t.Errorf("unchanged resend refused: %v", errs)
	}
	stored.Set("first_name", "Back")
	stored.Set("marketing_opt_in", true)
	stored.Set("joined_at", "2021-01-01 00:00:00.000Z")
	stored.Set("status", "active")
	errs := members.CheckClientUpdate(stored)
	for _, f := range []string{"first_name", "marketing_opt_in", "joined_at"} {
		if e, ok := errs[f].(validation.Error); !ok || e.Code() != "validation_erased" {
			t.Errorf("%s: %v, want validation_erased", f, errs[f])
		}
	}
	if e, ok := errs["status"].(validation.Error); !ok || e.Error() != members.ErrErasedServerOwned.Error() {
		t.Errorf("status keeps its own message, got %v", errs["status"])
	}

	other, err := app.FindRecordById("members", live.Id)
	if err != nil {
		t.Fatal(err)
	}
	other.Set("first_name", "Grace")
	other.Set("marketing_opt_in", true)
	if errs := members.CheckClientUpdate(other); errs != nil {
		t.Errorf("a live member's edit refused: %v", errs)
	}
}
