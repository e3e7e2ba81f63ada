package members_test

import (
	"testing"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

func TestFindByEmail(t *testing.T) {
	app, _ := testapp.New(t, nil)
	ada := testapp.SaveMember(t, app, map[string]any{"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "status": "cancelled"})
	grace := testapp.SaveMember(t, app, map[string]any{"first_name": "Grace", "last_name": "H", "email": "grace@example.org", "status": "active"})
	// An erased row whose address was somehow kept is still nobody.
	if _, err := app.DB().NewQuery("UPDATE members SET status = 'erased' WHERE id = {:id}").Bind(map[string]any{"id": grace.Id}).Execute(); err != nil {
		t.Fatal(err)
	}

	if m, err := members.FindByEmail(app, "ada@example.org"); err != nil || m == nil || m.Id != ada.Id {
		t.Errorf("a cancelled member is found by address: %v %v", m, err)
	}
	for _, addr := range []string{"", "bob@example.org", "grace@example.org"} {
		if m, err := members.FindByEmail(app, addr); err != nil || m != nil {
			t.Errorf("FindByEmail(%q) = %v, %v; want nobody", addr, m, err)
		}
	}
}
