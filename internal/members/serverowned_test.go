package members_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

func TestCheckClientUpdate(t *testing.T) {
	app, _ := testapp.New(t, nil)
	r := testapp.SaveMember(t, app, map[string]any{"first_name": "Ann", "last_name": "Lee", "email": "ann@example.org",
		"status": "", "consent_at": "2026-01-02 03:04:05.000Z"})
	stored, err := app.FindRecordById("members", r.Id) // as REST loads it
	if err != nil {
		t.Fatal(err)
	}
	stored.Set("status", "lapsed")
	stored.Set("consent_at", "2026-01-02T03:04:05Z") // same instant, other spelling
	if errs := members.CheckClientUpdate(stored); errs != nil {
		t.Errorf("allowed changes refused: %v", errs)
	}
	stored.Set("status", "erased")
	stored.Set("consent_version", "v2")
	errs := members.CheckClientUpdate(stored)
	if errs["status"] == nil || errs["consent_version"] == nil || len(errs) != 2 {
		t.Errorf("refusals = %v", errs)
	}
	if errs := members.CheckClientCreate(core.NewRecord(r.Collection())); errs != nil {
		t.Errorf("empty create refused: %v", errs)
	}
}
