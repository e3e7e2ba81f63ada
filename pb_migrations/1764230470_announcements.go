package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Announcement values (SPEC §19).
var (
	AnnouncementAudiences = []string{"members", "marketing"}
	AnnouncementStatuses  = []string{"draft", "test", "scheduled", "sending", "sent", "cancelled"}
)

// Announcements (SPEC §19): the outbox gains priority (0, the default, is
// transactional; bulk rows are negative), group and headers
// (transactional mail before bulk mail, counts per announcement, the RFC
// 8058 headers); members gain the hidden unsubscribe_secret behind their
// one-click unsubscribe token; and the announcements collection itself,
// superusers only (nil rules).
func init() {
	m.Register(func(app core.App) error {
		o, err := app.FindCollectionByNameOrId("email_outbox")
		if err != nil {
			return err
		}
		o.Fields.Add(
			// Two lanes only (outbox.PriorityTransactional 0, PriorityBulk
			// -10): the claim reads each lane by equality on its index.
			&core.NumberField{Name: "priority", OnlyInt: true, Min: types.Pointer(-10.0), Max: types.Pointer(0.0)},
			&core.TextField{Name: "group", Max: 60},
			&core.JSONField{Name: "headers", MaxSize: 4096},
		)
		o.AddIndex("idx_email_outbox_claim", false, "status, priority, next_attempt_at, created", "")
		o.AddIndex("idx_email_outbox_group", false, "`group`, status", "`group` != ''")
		if err := app.Save(o); err != nil {
			return err
		}

		mem, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		mem.Fields.Add(&core.TextField{Name: "unsubscribe_secret", Hidden: true, Max: 64})
		if err := app.Save(mem); err != nil {
			return err
		}

		a := core.NewBaseCollection("announcements")
		a.Fields.Add(
			&core.TextField{Name: "subject", Required: true, Max: 200},
			&core.TextField{Name: "body", Required: true, Max: 100000},
			&core.SelectField{Name: "audience", Values: AnnouncementAudiences, MaxSelect: 1, Required: true},
			&core.SelectField{Name: "status", Values: AnnouncementStatuses, MaxSelect: 1, Required: true},
			&core.DateField{Name: "send_at"},
			&core.NumberField{Name: "sent_count", OnlyInt: true},
			&core.NumberField{Name: "failed_count", OnlyInt: true},
			// expanded_to is the last member record id queued: expansion
			// resumes after it; the dedupe keys make a replay harmless.
			&core.TextField{Name: "expanded_to", Max: 40},
			&core.BoolField{Name: "expanded"},
		)
		a.Fields.Add(timestamps()...)
		a.AddIndex("idx_announcements_status", false, "status, send_at", "")
		return app.Save(a)
	}, func(app core.App) error {
		if err := deleteCollections(app, "announcements"); err != nil {
			return err
		}
		mem, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		mem.Fields.RemoveByName("unsubscribe_secret")
		if err := app.Save(mem); err != nil {
			return err
		}
		o, err := app.FindCollectionByNameOrId("email_outbox")
		if err != nil {
			return err
		}
		o.RemoveIndex("idx_email_outbox_claim")
		o.RemoveIndex("idx_email_outbox_group")
		for _, name := range []string{"priority", "group", "headers"} {
			o.Fields.RemoveByName(name)
		}
		return app.Save(o)
	}, "1764230470_announcements.go")
}
