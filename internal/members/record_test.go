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
