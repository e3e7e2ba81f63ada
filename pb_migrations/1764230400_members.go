package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// MemberStatuses are the values of members.status.
var MemberStatuses = []string{"pending_approval", "active", "lapsed", "cancelled", "erased"}

func init() {
	m.Register(func(app core.App) error {
		seq := core.NewBaseCollection("member_sequence")
		seq.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 50},
			&core.NumberField{Name: "value", OnlyInt: true},
		)
		seq.Fields.Add(timestamps()...)
		seq.AddIndex("idx_member_sequence_name", true, "name", "")
		if err := app.Save(seq); err != nil {
			return err
		}
		first := core.NewRecord(seq)
		first.Set("name", "members")
		first.Set("value", 0)
		if err := app.Save(first); err != nil {
			return err
		}

		c := core.NewBaseCollection("members")
		c.Fields.Add(
			// Names and email are required for every status but erased: the
			// members hook enforces that, not the Required flag.
			&core.TextField{Name: "member_id", Max: 40, Presentable: true},
			&core.TextField{Name: "first_name", Max: 100},
			&core.TextField{Name: "last_name", Max: 100},
			&core.EmailField{Name: "email"},
			&core.TextField{Name: "phone", Max: 40},
			&core.SelectField{Name: "status", Values: MemberStatuses, MaxSelect: 1, Required: true},
			&core.DateField{Name: "email_verified_at"},
			&core.DateField{Name: "joined_at"},
			&core.TextField{Name: "consent_version", Max: 40},
			&core.DateField{Name: "consent_at"},
			&core.BoolField{Name: "marketing_opt_in"},
			&core.TextField{Name: "notes", Max: 10000, Hidden: true},
			&core.FileField{Name: "photo", Protected: true, MaxSelect: 1, MaxSize: 2 << 20,
				MimeTypes: []string{"image/jpeg", "image/png", "image/webp"}, Thumbs: []string{"100x100"}},
		)
		c.Fields.Add(timestamps()...)
		c.AddIndex("idx_members_member_id", true, "member_id", "")
		c.AddIndex("idx_members_email", true, "email", "email != ''")
		c.AddIndex("idx_members_status", false, "status", "")
		c.ListRule = rule(ruleStaff)
		c.ViewRule = rule(ruleStaff)
		c.CreateRule = rule(ruleStaffEditor)
		c.UpdateRule = rule(ruleStaffEditor)
		c.DeleteRule = nil
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollections(app, "members", "member_sequence")
	}, "1764230400_members.go")
}
