package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// intake_quota lets the intake worker cap requests per address and kind
// without keeping addresses: only an HMAC of each, for 24 hours.
func init() {
	m.Register(func(app core.App) error {
		q := core.NewBaseCollection("intake_quota")
		q.Fields.Add(
			&core.TextField{Name: "kind", Max: 40, Required: true},
			&core.TextField{Name: "address_hash", Max: 64, Required: true},
		)
		q.Fields.Add(timestamps()...)
		q.AddIndex("idx_intake_quota_lookup", false, "address_hash, kind, created", "")
		q.AddIndex("idx_intake_quota_created", false, "created", "")
		return app.Save(q)
	}, func(app core.App) error {
		return deleteCollections(app, "intake_quota")
	}, "1764230405_intake_quota.go")
}
