package members_test

import (
	"errors"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// A stored member keeps its member ID for life: an update that changes it
// is refused (with every other problem of the update), one that keeps it is
// normalised like a new member.
func TestUpdateKeepsTheMemberID(t *testing.T) {
	app, _ := testapp.New(t, nil)
	stored := testapp.SaveMember(t, app, map[string]any{"first_name": "Ann", "email": "ann@example.org"})

	r, err := app.FindRecordById("members", stored.Id)
	if err != nil {
		t.Fatal(err)
	}
	r.Set("email", " ANN.LEE@Example.org ")
	if err := members.PrepareRecord(app, r); err != nil {
		t.Fatalf("update keeping the member ID: %v", err)
	}
	if r.GetString("email") != "ann.lee@example.org" {
		t.Errorf("email not normalised on update: %q", r.GetString("email"))
	}

	r.Set("member_id", "M-999999")
	err = members.PrepareRecord(app, r)
	var errs validation.Errors
	if !errors.As(err, &errs) || len(errs) != 1 || errs["member_id"] == nil {
		t.Fatalf("changed member ID: %v", err)
	}

	r.Set("first_name", "")
	err = members.PrepareRecord(app, r)
	if !errors.As(err, &errs) || len(errs) != 2 || errs["member_id"] == nil || errs["first_name"] == nil {
		t.Fatalf("changed member ID and a missing name: %v, want both", err)
	}
}

// An update of a member deleted meanwhile is refused, not written back.
func TestUpdateOfADeletedMemberFails(t *testing.T) {
	app, _ := testapp.New(t, nil)
	stored := testapp.SaveMember(t, app, map[string]any{"first_name": "Ann", "email": "ann@example.org"})
	r, err := app.FindRecordById("members", stored.Id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("DELETE FROM members").Execute(); err != nil {
		t.Fatal(err)
	}
	if err := members.PrepareRecord(app, r); err == nil || !strings.Contains(err.Error(), "stored member") {
		t.Fatalf("err=%v", err)
	}
}

// A new member saved without a status is active; one given a status keeps it.
func TestNewMemberStatusDefaultsToActive(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if r := testapp.SaveMember(t, app, map[string]any{"status": "", "email": "a@example.org"}); r.GetString("status") != members.StatusActive {
		t.Errorf("no status: %q", r.GetString("status"))
	}
	if r := testapp.SaveMember(t, app, map[string]any{"status": members.StatusLapsed, "email": "b@example.org"}); r.GetString("status") != members.StatusLapsed {
		t.Errorf("lapsed: %q", r.GetString("status"))
	}
}
