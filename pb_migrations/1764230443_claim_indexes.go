package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// claimIndexes extends the intake's due index with created, the last term
// of their claims' ORDER BY. New rows have an empty next_attempt_at, so under
// a backlog every row tied on it and each claim sorted the whole backlog to
// take a few rows: the slower the worker fell behind, the slower it claimed.
// With the index the claim reads its rows in order and stops. (The outbox's
// claim index, with the same columns after its priority lane, comes with
// the announcements migration.)
var claimIndexes = []struct{ collection, name, old, new string }{
	{"intake", "idx_intake_next_attempt", "next_attempt_at", "next_attempt_at, created"},
}

func init() {
	m.Register(func(app core.App) error {
		for _, ix := range claimIndexes {
			if err := setIndex(app, ix.collection, ix.name, ix.new); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, ix := range claimIndexes {
			if err := setIndex(app, ix.collection, ix.name, ix.old); err != nil {
				return err
			}
		}
		return nil
	}, "1764230443_claim_indexes.go")
}

// setIndex replaces the columns of a non-unique index of a collection.
func setIndex(app core.App, collection, name, columns string) error {
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	c.RemoveIndex(name)
	c.AddIndex(name, false, columns, "")
	return app.Save(c)
}
