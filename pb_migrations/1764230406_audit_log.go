package pb_migrations

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"memberbase/internal/audit"
)

func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection(audit.Collection)
		c.Fields.Add(
			// seq orders the chain; rows are inserted by internal/audit only.
			&core.NumberField{Name: "seq", OnlyInt: true, Required: true},
			&core.SelectField{Name: "actor_type", Values: audit.ActorTypes, MaxSelect: 1, Required: true},
			&core.TextField{Name: "actor", Max: 40},
			&core.SelectField{Name: "action", Values: audit.Actions, MaxSelect: 1, Required: true},
			&core.TextField{Name: "target", Max: 100},
			&core.JSONField{Name: "record_ids", MaxSize: 64 << 20},
			&core.JSONField{Name: "fields", MaxSize: 1 << 20},
			&core.TextField{Name: "request_id", Max: 128},
			&core.TextField{Name: "detail", Max: 500},
			&core.TextField{Name: "prev_hash", Max: 64},
			&core.TextField{Name: "hash", Max: 64},
		)
		c.Fields.Add(timestamps()...)
		c.AddIndex("idx_audit_log_seq", true, "seq", "")
		c.AddIndex("idx_audit_log_created", false, "created", "")
		// Superusers list and view it in the dashboard; nobody writes
		// through the API (the hooks refuse superusers too).
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(audit.Collection)
		if err != nil {
			return nil // already gone
		}
		return app.DeleteWithContext(audit.AllowSchemaChange(context.Background()), c)
	}, "1764230406_audit_log.go")
}
