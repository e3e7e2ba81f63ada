package webhooks_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// loadMember reads member id from the database: a fresh record each call.
func loadMember(t *testing.T, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById("members", id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMemberEventNamesWhatAnIntegratorIsTold: which event an update of a
// member sends, the changed field names it lists (never notes, leave notes,
// the id or timestamps), and the allow-listed data it carries.
func TestMemberEventNamesWhatAnIntegratorIsTold(t *testing.T) {
	app, _ := testapp.New(t, nil)
	m := testapp.SaveMember(t, app, map[string]any{"notes": "private", "phone": "+49 30 1234"})

	before, after := loadMember(t, app, m.Id), loadMember(t, app, m.Id)
	if got := webhooks.ChangedFields(before, after); got == nil || len(got) != 0 {
		t.Errorf("nothing changed: %#v, want an empty list", got)
	}
	after.Set("notes", "more private")
	after.Set("leave_note", "why")
	after.Set("updated", "2030-01-01 00:00:00.000Z")
	if got := webhooks.ChangedFields(before, after); len(got) != 0 {
		t.Errorf("notes, leave note and timestamp changed: %v listed", got)
	}
	if ev := webhooks.MemberEvent(before, after, webhooks.ChangedFields(before, after)); ev != "" {
		t.Errorf("a change of unlisted fields sends %q", ev)
	}
	after.Set("first_name", "Augusta")
	changed := webhooks.ChangedFields(before, after)
	if !slices.Equal(changed, []string{"first_name"}) {
		t.Errorf("changed %v, want [first_name]", changed)
	}
	if ev := webhooks.MemberEvent(before, after, changed); ev != webhooks.EventMemberUpdated {
		t.Errorf("name change sends %q", ev)
	}

	d := webhooks.MemberData(after, changed)
	want := []string{"changed", "email", "first_name", "id", "last_name", "member_id", "paid_through", "phone", "plan", "status", "updated"}
	if k := slices.Sorted(maps.Keys(d)); !slices.Equal(k, want) {
		t.Errorf("data keys %v, want %v", k, want)
	}
	if d["id"] != m.Id || d["first_name"] != "Augusta" || d["phone"] != "+49 30 1234" {
		t.Errorf("data %v", d)
	}
	if _, ok := webhooks.MemberData(after, nil)["changed"]; ok {
		t.Error("a created member's data lists changed fields")
	}

	after = loadMember(t, app, m.Id)
	after.Set("status", "cancelled")
	if ev := webhooks.MemberEvent(before, after, webhooks.ChangedFields(before, after)); ev != webhooks.EventMemberStatusChanged {
		t.Errorf("status change sends %q", ev)
	}
	after.Set("status", "erased")
	if ev := webhooks.MemberEvent(before, after, webhooks.ChangedFields(before, after)); ev != webhooks.EventMemberErased {
		t.Errorf("erasure sends %q", ev)
	}
	// A tombstone has nothing more to tell, whatever changes on it.
	for _, status := range []string{"erased", "active"} {
		later := loadMember(t, app, m.Id)
		later.Set("status", status)
		later.Set("first_name", "x")
		if ev := webhooks.MemberEvent(after, later, webhooks.ChangedFields(after, later)); ev != "" {
			t.Errorf("an erased member's change to %s sends %q", status, ev)
		}
	}
	if d := webhooks.ErasedData(after); len(d) != 2 || d["id"] != m.Id || d["member_id"] != m.GetString("member_id") {
		t.Errorf("erased data %v, want id and member_id only", d)
	}
}
