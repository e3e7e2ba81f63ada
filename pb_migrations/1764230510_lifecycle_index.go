package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The dues lifecycle job walks the active members in id order, 200 at a
// time (keyset on id). With only an index on status, every batch read all
// active members and sorted them: quadratic in the membership, some
// minutes of sorting at 100,000 members. An index on (status, id) reads
// each batch in order.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		c.AddIndex("idx_members_status_id", false, "status, id", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_members_status_id")
		return app.Save(c)
	})
}
