package selfservice

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ForgetMember deletes a member's manage links and email changes (the
// email change history holds addresses). The shared erasure calls it in
// its transaction; deleting a member cascades to both collections anyway.
func ForgetMember(txApp core.App, memberID string) error {
	for _, col := range []string{LinksCollection, ChangesCollection} {
		rows, err := txApp.FindAllRecords(col, dbx.HashExp{"member": memberID})
		if err != nil {
			return fmt.Errorf("selfservice: forget %s: %w", col, err)
		}
		for _, r := range rows {
			if err := txApp.Delete(r); err != nil {
				return fmt.Errorf("selfservice: forget %s: %w", col, err)
			}
		}
	}
	return nil
}
