package members_test

import (
	"testing"

	"memberbase/internal/testapp"
)

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
