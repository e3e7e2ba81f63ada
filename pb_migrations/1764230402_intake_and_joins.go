package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		intake := core.NewBaseCollection("intake")
		intake.Fields.Add(
			&core.SelectField{Name: "kind", Values: []string{"join", "member_id", "details", "deletion"}, MaxSelect: 1, Required: true},
			&core.TextField{Name: "email", Max: 254},
			&core.JSONField{Name: "payload", MaxSize: 64 << 10},
			&core.NumberField{Name: "attempts", OnlyInt: true},
			&core.DateField{Name: "next_attempt_at"},
			&core.DateField{Name: "lease_until"},
			&core.TextField{Name: "last_error", Max: 2000},
		)
		intake.Fields.Add(timestamps()...)
		intake.AddIndex("idx_intake_next_attempt", false, "next_attempt_at", "")
		if err := app.Save(intake); err != nil {
			return err
		}

		joins := core.NewBaseCollection("join_requests")
		joins.Fields.Add(
			&core.TextField{Name: "first_name", Max: 100},
			&core.TextField{Name: "last_name", Max: 100},
			&core.TextField{Name: "email", Max: 254},
			&core.TextField{Name: "phone", Max: 40},
			&core.BoolField{Name: "marketing_opt_in"},
			&core.TextField{Name: "consent_version", Max: 40},
			&core.DateField{Name: "consent_at"},
			&core.TextField{Name: "token_hash", Hidden: true, Max: 64},
			&core.DateField{Name: "expires_at"},
			&core.SelectField{Name: "status", Values: []string{"mailed", "confirmed", "expired"}, MaxSelect: 1, Required: true},
		)
		joins.Fields.Add(timestamps()...)
		joins.AddIndex("idx_join_requests_token_hash", true, "token_hash", "")
		joins.AddIndex("idx_join_requests_email", false, "email", "")
		joins.AddIndex("idx_join_requests_expires_at", false, "expires_at", "")
		return app.Save(joins)
	}, func(app core.App) error {
		return deleteCollections(app, "join_requests", "intake")
	}, "1764230402_intake_and_joins.go")
}
