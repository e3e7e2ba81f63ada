package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// OutboxStatuses are the values of email_outbox.status.
var OutboxStatuses = []string{"queued", "sending", "sent", "failed", "cancelled"}

func init() {
	m.Register(func(app core.App) error {
		outbox := core.NewBaseCollection("email_outbox")
		outbox.Fields.Add(
			&core.TextField{Name: "recipient", Max: 254},
			&core.TextField{Name: "subject", Max: 300},
			&core.TextField{Name: "text_body", Max: 200000},
			&core.TextField{Name: "html_body", Max: 400000},
			&core.TextField{Name: "kind", Max: 60, Required: true},
			&core.BoolField{Name: "sensitive"},
			&core.SelectField{Name: "status", Values: OutboxStatuses, MaxSelect: 1, Required: true},
			&core.NumberField{Name: "attempts", OnlyInt: true},
			&core.DateField{Name: "next_attempt_at"},
			&core.DateField{Name: "lease_until"},
			&core.TextField{Name: "last_error", Max: 2000},
			&core.DateField{Name: "sent_at"},
			&core.TextField{Name: "dedupe_key", Max: 200, Required: true},
		)
		outbox.Fields.Add(timestamps()...)
		outbox.AddIndex("idx_email_outbox_dedupe_key", true, "dedupe_key", "")
		outbox.AddIndex("idx_email_outbox_due", false, "status, next_attempt_at", "")
		outbox.AddIndex("idx_email_outbox_recipient", false, "recipient, kind, created", "")
		if err := app.Save(outbox); err != nil {
			return err
		}

		social := core.NewBaseCollection("social_links")
		social.Fields.Add(
			&core.TextField{Name: "label", Required: true, Max: 60},
			// https only: a pattern in the schema holds for REST, dashboard and Go alike.
			&core.TextField{Name: "url", Required: true, Max: 2000, Pattern: `^https://[^\s/?#@]+\.[^\s/?#@]+([/?#][^\s]*)?$`},
			&core.FileField{Name: "icon", MaxSelect: 1, MaxSize: 256 << 10,
				MimeTypes: []string{"image/png", "image/jpeg", "image/webp", "image/gif"}},
			&core.NumberField{Name: "sort_order", OnlyInt: true},
			&core.BoolField{Name: "visible"},
		)
		social.Fields.Add(timestamps()...)
		social.AddIndex("idx_social_links_order", false, "visible, sort_order", "")
		social.ListRule = rule("")
		social.ViewRule = rule("")
		return app.Save(social)
	}, func(app core.App) error {
		return deleteCollections(app, "social_links", "email_outbox")
	}, "1764230404_outbox_and_social.go")
}
