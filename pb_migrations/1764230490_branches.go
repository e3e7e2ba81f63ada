package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// StaffRoles are the values of staff.role (SPEC §16b).
var StaffRoles = []string{"viewer", "editor", "rep"}

// ruleRep lets a rep read the rows of their own branches, and nobody else:
// the only rule in the schema that names the rep role.
const ruleRep = "@request.auth.collectionName = 'staff' && @request.auth.role = 'rep' && branch != '' && @request.auth.branches.id ?= branch"

// branchMembersQuery is the view reps read. branch and plan are cast to
// text: as relations they would let a filter walk on (plan.members_via_plan
// reaches every member), and PocketBase checks no rule on such joins.
const branchMembersQuery = `SELECT m.id AS id, m.member_id AS member_id, m.first_name AS first_name,
	m.last_name AS last_name, m.email AS email, m.phone AS phone, m.status AS status,
	CAST(m.plan AS TEXT) AS plan, m.paid_through AS paid_through, CAST(m.branch AS TEXT) AS branch
	FROM members m WHERE m.status != 'erased'`

// Branches and workplace reps (SPEC §16b): the branches collection, the
// members' and join requests' branch, the rep role, every staff rule turned
// into an allow-list of viewer and editor, and the rep's branch_members view.
func init() {
	m.Register(func(app core.App) error {
		branches := core.NewBaseCollection("branches")
		branches.Fields.Add(
			&core.TextField{Name: "name", Max: 100, Required: true, Presentable: true},
			&core.TextField{Name: "code", Max: 40, Required: true, Pattern: `^[a-z0-9-]{1,40}$`},
			&core.BoolField{Name: "public"},
		)
		branches.Fields.Add(timestamps()...)
		branches.AddIndex("idx_branches_code", true, "code", "")
		branches.ListRule = rule("public = true || (" + ruleStaffReaders + ")")
		branches.ViewRule = branches.ListRule
		branches.CreateRule = rule(ruleStaffEditor)
		branches.UpdateRule = rule(ruleStaffEditor)
		if err := app.Save(branches); err != nil {
			return err
		}
		for _, name := range []string{"members", "join_requests"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.Add(&core.RelationField{Name: "branch", CollectionId: branches.Id, MaxSelect: 1})
			if name == "members" {
				c.AddIndex("idx_members_branch", false, "branch", "")
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		staff.Fields.GetByName("role").(*core.SelectField).Values = StaffRoles
		staff.Fields.Add(&core.RelationField{Name: "branches", CollectionId: branches.Id, MaxSelect: 999})
		if err := app.Save(staff); err != nil {
			return err
		}
		if err := allowListStaffRules(app); err != nil {
			return err
		}
		view := core.NewViewCollection("branch_members")
		view.ViewQuery = branchMembersQuery
		view.ListRule = rule(ruleRep)
		view.ViewRule = rule(ruleRep)
		return app.Save(view)
	}, func(app core.App) error {
		if err := deleteCollections(app, "branch_members"); err != nil {
			return err
		}
		for _, name := range []string{"members", "privacy_requests"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.ListRule, c.ViewRule = rule(ruleStaff), rule(ruleStaff)
			if name == "members" {
				c.RemoveIndex("idx_members_branch")
			}
			c.Fields.RemoveByName("branch")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		joins, err := app.FindCollectionByNameOrId("join_requests")
		if err != nil {
			return err
		}
		joins.Fields.RemoveByName("branch")
		if err := app.Save(joins); err != nil {
			return err
		}
		staff, err := app.FindCollectionByNameOrId("staff")
		if err != nil {
			return err
		}
		staff.Fields.RemoveByName("branches")
		staff.Fields.GetByName("role").(*core.SelectField).Values = []string{"viewer", "editor"}
		if err := app.Save(staff); err != nil {
			return err
		}
		return deleteCollections(app, "branches")
	}, "1764230490_branches.go")
}
