package pb_migrations_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestEveryStaffRuleNamesItsRoles walks the five rules of every collection:
// a rule that mentions staff must name the roles it lets in, and only the
// branch_members view may name rep (SPEC §16b). A collection added later
// with a bare `collectionName = 'staff'` rule fails here.
func TestEveryStaffRuleNamesItsRoles(t *testing.T) {
	app, _ := testapp.New(t, nil)
	cols, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range cols {
		rules := map[string]*string{"list": c.ListRule, "view": c.ViewRule, "create": c.CreateRule, "update": c.UpdateRule, "delete": c.DeleteRule}
		for kind, r := range rules {
			if r == nil || !strings.Contains(*r, "staff") {
				continue
			}
			checked++
			rest := strings.NewReplacer(
				"@request.auth.collectionName = 'staff' && (@request.auth.role = 'viewer' || @request.auth.role = 'editor')", "",
				"@request.auth.collectionName = 'staff' && @request.auth.role = 'editor'", "",
			).Replace(*r)
			if c.Name == "branch_members" {
				rest = strings.Replace(rest, "@request.auth.collectionName = 'staff' && @request.auth.role = 'rep' && branch != '' && @request.auth.branches.id ?= branch", "", 1)
			}
			if strings.Contains(rest, "staff") || strings.Contains(rest, "@request.auth.role") || strings.Contains(rest, "'rep'") {
				t.Errorf("%s %s rule does not name its roles: %q", c.Name, kind, *r)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d staff rules found: the walk missed collections", checked)
	}
}

// TestBranchMembersView checks the view has exactly SPEC §16b's fields, with
// branch and plan as plain text (no relation to walk through).
func TestBranchMembersView(t *testing.T) {
	app, _ := testapp.New(t, nil)
	v, err := app.FindCollectionByNameOrId("branch_members")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range v.Fields {
		names = append(names, f.GetName())
		if f.Type() == core.FieldTypeRelation {
			t.Errorf("view field %s is a relation", f.GetName())
		}
	}
	want := []string{"id", "member_id", "first_name", "last_name", "email", "phone", "status", "plan", "paid_through", "branch"}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("branch_members fields = %v, want %v", names, want)
	}
	if v.CreateRule != nil || v.UpdateRule != nil || v.DeleteRule != nil {
		t.Error("branch_members has a write rule")
	}
	staff, _ := app.FindCollectionByNameOrId("staff")
	if !slices.Contains(staff.Fields.GetByName("role").(*core.SelectField).Values, "rep") || staff.Fields.GetByName("branches") == nil {
		t.Error("staff lacks the rep role or branches")
	}
}
