package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// WebhookEvents are the values of webhooks.events (SPEC §17). period.paid
// belongs to the dues schema and is queued by its hook once that exists.
var WebhookEvents = []string{"member.created", "member.updated", "member.status_changed", "member.erased", "period.paid", "privacy_request.status_changed"}

// WebhookDeliveryStatuses are the values of webhook_deliveries.status.
var WebhookDeliveryStatuses = []string{"queued", "sending", "delivered", "failed"}

// Webhooks for integrators (SPEC §17): the endpoints and their deliveries,
// both superusers only (no rules). The event column is free text because a
// ping is not a subscribable event.
func init() {
	m.Register(func(app core.App) error {
		hooks := core.NewBaseCollection("webhooks")
		hooks.Fields.Add(
			&core.URLField{Name: "url", Required: true},
			&core.SelectField{Name: "events", Values: WebhookEvents, MaxSelect: len(WebhookEvents), Required: true},
			&core.TextField{Name: "secret", Hidden: true, Max: 200},
			&core.BoolField{Name: "active"},
			&core.TextField{Name: "description", Max: 500},
			&core.DateField{Name: "failing_since"},
		)
		hooks.Fields.Add(timestamps()...)
		if err := app.Save(hooks); err != nil {
			return err
		}

		dl := core.NewBaseCollection("webhook_deliveries")
		dl.Fields.Add(
			&core.RelationField{Name: "webhook", CollectionId: hooks.Id, MaxSelect: 1, Required: true, CascadeDelete: true},
			&core.TextField{Name: "event", Max: 60, Required: true},
			&core.TextField{Name: "msg_id", Max: 60, Required: true},
			&core.JSONField{Name: "payload", MaxSize: 64 << 10},
			&core.SelectField{Name: "status", Values: WebhookDeliveryStatuses, MaxSelect: 1, Required: true},
			&core.NumberField{Name: "attempts", OnlyInt: true},
			&core.DateField{Name: "next_attempt_at"},
			&core.DateField{Name: "lease_until"},
			&core.NumberField{Name: "last_status", OnlyInt: true},
			&core.TextField{Name: "last_error", Max: 2000},
			&core.DateField{Name: "delivered_at"},
		)
		dl.Fields.Add(timestamps()...)
		dl.AddIndex("idx_webhook_deliveries_msg_id", true, "msg_id", "")
		dl.AddIndex("idx_webhook_deliveries_due", false, "status, next_attempt_at", "")
		dl.AddIndex("idx_webhook_deliveries_webhook", false, "webhook, status", "")
		return app.Save(dl)
	}, func(app core.App) error {
		return deleteCollections(app, "webhook_deliveries", "webhooks")
	}, "1764230480_webhooks.go")
}
