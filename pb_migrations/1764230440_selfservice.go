package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// IntakeKinds are the values of intake.kind after member self-service
// (SPEC §14) added the manage link and the email change.
var IntakeKinds = []string{"join", "member_id", "details", "deletion", "manage", "email_change"}

// LeaveReasons are the values of members.leave_reason.
var LeaveReasons = []string{"moving", "cost", "not_useful", "other"}

// Member self-service (SPEC §14): the intake kinds of the manage link and
// the email change, the members' leave fields, the version of the marketing
// statement a member agreed to (for the data export), and the two token
// collections (superusers only; a member's rows go with the member).
func init() {
	m.Register(func(app core.App) error {
		in, err := app.FindCollectionByNameOrId("intake")
		if err != nil {
			return err
		}
		in.Fields.GetByName("kind").(*core.SelectField).Values = IntakeKinds
		if err := app.Save(in); err != nil {
			return err
		}

		mem, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		mem.Fields.Add(
			&core.DateField{Name: "left_at"},
			&core.SelectField{Name: "leave_reason", Values: LeaveReasons, MaxSelect: 1},
			&core.TextField{Name: "leave_note", Max: 500},
			&core.TextField{Name: "marketing_version", Max: 40},
		)
		mem.AddIndex("idx_members_left_at", false, "status, left_at", "")
		if err := app.Save(mem); err != nil {
			return err
		}

		links := core.NewBaseCollection("manage_links")
		links.Fields.Add(
			&core.RelationField{Name: "member", CollectionId: mem.Id, MaxSelect: 1, Required: true, CascadeDelete: true},
			&core.TextField{Name: "token_hash", Hidden: true, Max: 64, Required: true},
			&core.DateField{Name: "expires_at", Required: true},
			&core.DateField{Name: "last_used_at"},
		)
		links.Fields.Add(timestamps()...)
		links.AddIndex("idx_manage_links_token_hash", true, "token_hash", "")
		links.AddIndex("idx_manage_links_member", false, "member", "")
		if err := app.Save(links); err != nil {
			return err
		}

		changes := core.NewBaseCollection("email_changes")
		changes.Fields.Add(
			&core.RelationField{Name: "member", CollectionId: mem.Id, MaxSelect: 1, Required: true, CascadeDelete: true},
			&core.TextField{Name: "new_email", Max: 254, Required: true},
			&core.TextField{Name: "token_hash", Hidden: true, Max: 64, Required: true},
			&core.DateField{Name: "expires_at", Required: true},
			&core.SelectField{Name: "status", Values: []string{"mailed", "confirmed", "expired"}, MaxSelect: 1, Required: true},
			&core.DateField{Name: "confirmed_at"},
		)
		changes.Fields.Add(timestamps()...)
		changes.AddIndex("idx_email_changes_token_hash", true, "token_hash", "")
		changes.AddIndex("idx_email_changes_member", false, "member", "")
		return app.Save(changes)
	}, func(app core.App) error {
		if err := deleteCollections(app, "email_changes", "manage_links"); err != nil {
			return err
		}
		mem, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		mem.RemoveIndex("idx_members_left_at")
		for _, name := range []string{"left_at", "leave_reason", "leave_note", "marketing_version"} {
			mem.Fields.RemoveByName(name)
		}
		if err := app.Save(mem); err != nil {
			return err
		}
		in, err := app.FindCollectionByNameOrId("intake")
		if err != nil {
			return err
		}
		in.Fields.GetByName("kind").(*core.SelectField).Values = IntakeKinds[:4]
		return app.Save(in)
	}, "1764230440_selfservice.go")
}
