package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// idx_email_outbox_due (status, next_attempt_at) has served no query since
// idx_email_outbox_claim (status, priority, next_attempt_at, created) came:
// the worker's claim uses the latter, and the counts and sweeps by status
// read its first column alike. Every outbox write (each queued mail, each
// claim and result) still updated it: the dues lifecycle job queues one
// mail per member, so dropping it lightens every row of its heaviest day.
func init() {
	m.Register(func(app core.App) error {
		o, err := app.FindCollectionByNameOrId("email_outbox")
		if err != nil {
			return err
		}
		o.RemoveIndex("idx_email_outbox_due")
		return app.Save(o)
	}, func(app core.App) error {
		o, err := app.FindCollectionByNameOrId("email_outbox")
		if err != nil {
			return err
		}
		o.AddIndex("idx_email_outbox_due", false, "status, next_attempt_at", "")
		return app.Save(o)
	})
}
