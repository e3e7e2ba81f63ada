// Package pb_migrations holds memberbase's Go migrations, one file per schema
// change, applied in file-name order by PocketBase's migration runner.
package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Rule expressions shared by several collections.
const (
	ruleStaff       = "@request.auth.collectionName = 'staff'"
	ruleStaffEditor = "@request.auth.collectionName = 'staff' && @request.auth.role = 'editor'"
)

// timestamps are the created/updated autodate fields PocketBase does not add
// by itself to collections made in Go.
func timestamps() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	}
}

func rule(expr string) *string { return types.Pointer(expr) }

// deleteCollections is the down step of a migration that created collections.
func deleteCollections(app core.App, names ...string) error {
	for _, name := range names {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue // already gone
		}
		if err := app.Delete(c); err != nil {
			return err
		}
	}
	return nil
}
