package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// PrivacyStatuses are the values of privacy_requests.status.
var PrivacyStatuses = []string{"awaiting_confirmation", "confirmed", "approved", "rejected", "completed", "expired"}

func init() {
	m.Register(func(app core.App) error {
		members, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		reqs := core.NewBaseCollection("privacy_requests")
		reqs.Fields.Add(
			&core.SelectField{Name: "kind", Values: []string{"details", "deletion"}, MaxSelect: 1, Required: true},
			&core.RelationField{Name: "member", CollectionId: members.Id, MaxSelect: 1},
			&core.TextField{Name: "member_ref", Max: 40},
			&core.SelectField{Name: "status", Values: PrivacyStatuses, MaxSelect: 1, Required: true},
			&core.TextField{Name: "token_hash", Hidden: true, Max: 64},
			&core.DateField{Name: "expires_at"},
			&core.DateField{Name: "confirmed_at"},
			&core.DateField{Name: "due_at"},
			&core.DateField{Name: "completed_at"},
			&core.TextField{Name: "reason", Max: 2000},
			&core.FileField{Name: "export", Hidden: true, Protected: true, MaxSelect: 2, MaxSize: 20 << 20},
			&core.TextField{Name: "download_token_hash", Hidden: true, Max: 64},
			&core.DateField{Name: "download_expires_at"},
		)
		reqs.Fields.Add(timestamps()...)
		reqs.AddIndex("idx_privacy_requests_token_hash", true, "token_hash", "")
		reqs.AddIndex("idx_privacy_requests_download", true, "download_token_hash", "download_token_hash != ''")
		reqs.AddIndex("idx_privacy_requests_status", false, "status, due_at", "")
		reqs.ListRule = rule(ruleStaff)
		reqs.ViewRule = rule(ruleStaff)
		if err := app.Save(reqs); err != nil {
			return err
		}

		events := core.NewBaseCollection("privacy_events")
		events.Fields.Add(
			&core.RelationField{Name: "request", CollectionId: reqs.Id, MaxSelect: 1, Required: true, CascadeDelete: true},
			&core.TextField{Name: "from_status", Max: 40},
			&core.TextField{Name: "to_status", Max: 40, Required: true},
			&core.TextField{Name: "actor", Max: 40, Required: true},
		)
		events.Fields.Add(timestamps()...)
		return app.Save(events)
	}, func(app core.App) error {
		return deleteCollections(app, "privacy_events", "privacy_requests")
	}, "1764230403_privacy.go")
}
