package pb_migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

func TestPrivacyRequestsDashboardListsWhatAnAdminNeedsFirst(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c, err := app.FindCollectionByNameOrId("privacy_requests")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"id", "kind", "member_ref", "status", "due_at"}
	for i, name := range want {
		if got := c.Fields[i].GetName(); got != name {
			t.Errorf("field %d is %s, want %s", i, got, name)
		}
	}
	for _, name := range []string{"member_ref", "status", "due_at"} {
		presentable := false
		switch f := c.Fields.GetByName(name).(type) {
		case *core.TextField:
			presentable = f.Presentable
		case *core.SelectField:
			presentable = f.Presentable
		case *core.DateField:
			presentable = f.Presentable
		}
		if !presentable {
			t.Errorf("%s is not presentable", name)
		}
	}
}
