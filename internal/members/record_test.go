package members_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

func TestPrepareRecord(t *testing.T) {
	app, _ := testapp.New(t, nil)
	col, _ := app.FindCollectionByNameOrId("members")
	r := core.NewRecord(col)
	r.Set("first_name", " Zoe\u0308 ")
	r.Set("last_name", "Lee")
	r.Set("email", " ZOE@Example.org")
	if err := members.PrepareRecord(app, r); err != nil {
		t.Fatal(err)
	}
	if r.GetString("first_name") != "Zoë" || r.GetString("email") != "zoe@example.org" || r.GetString("status") != "active" {
		t.Errorf("normalised: %q %q %q", r.GetString("first_name"), r.GetString("email"), r.GetString("status"))
	}
	r.Set("last_name", "")
	if err := members.PrepareRecord(app, r); err == nil {
		t.Error("missing last_name accepted")
	}
}

func TestMarketingOptInAtFollowsTheOptIn(t *testing.T) {
	app, _ := testapp.New(t, nil)
	r := testapp.SaveMember(t, app, map[string]any{"marketing_opt_in": true, "marketing_opt_in_at": "2001-01-01 00:00:00.000Z"})
	first := r.GetDateTime("marketing_opt_in_at")
	if first.IsZero() || first.Time().Year() == 2001 {
		t.Fatalf("opting in at creation: %v (a client's value must not count)", first)
	}
	r, _ = app.FindRecordById("members", r.Id)
	r.Set("phone", "123")
	r.Set("marketing_opt_in_at", "2001-01-01 00:00:00.000Z")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := r.GetDateTime("marketing_opt_in_at"); got.String() != first.String() {
		t.Errorf("staying opted in changed the time to %v", got)
	}
	r.Set("marketing_opt_in", false)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if !r.GetDateTime("marketing_opt_in_at").IsZero() {
		t.Error("opting out must clear the time")
	}
	r, _ = app.FindRecordById("members", r.Id)
	r.Set("marketing_opt_in", true)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got := r.GetDateTime("marketing_opt_in_at"); got.IsZero() || got.Before(first) {
		t.Errorf("opting in again: %v", got)
	}
	if off := testapp.SaveMember(t, app, map[string]any{"email": "off@example.org"}); !off.GetDateTime("marketing_opt_in_at").IsZero() {
		t.Error("a member who never opted in has a time")
	}
}
