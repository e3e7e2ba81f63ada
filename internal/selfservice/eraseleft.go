package selfservice

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// EraseFunc erases one member in txApp (the shared erasure of SPEC §6,
// recording a completed deletion request with actor system).
type EraseFunc func(txApp core.App, member *core.Record) error

// EraseLeft is the daily ERASE_LEFT_AFTER job: every member cancelled for
// longer than after (left_at before now − after) is handed to erase, each in
// its own short transaction, so the job never holds the writer long. after
// ≤ 0 means never. The selection is read once (ids only), so an erase that
// leaves a row cancelled can never make the job loop. It returns how many
// were erased; a failure stops the run (the next run picks the rest up).
func EraseLeft(app core.App, now time.Time, after time.Duration, erase EraseFunc) (int, error) {
	if after <= 0 {
		return 0, nil
	}
	var ids []string
	err := app.DB().Select("id").From(membersColl).
		Where(dbx.HashExp{members.FieldStatus: members.StatusCancelled}).
		AndWhere(dbx.NewExp("[[left_at]] != '' AND [[left_at]] < {:cutoff}",
			dbx.Params{"cutoff": dateTime(now.Add(-after)).String()})).
		OrderBy("left_at", "id").Column(&ids)
	if err != nil {
		return 0, fmt.Errorf("selfservice: members to erase: %w", err)
	}
	n := 0
	for _, id := range ids {
		done := false
		err := app.RunInTransaction(func(tx core.App) error {
			m, err := tx.FindRecordById(membersColl, id)
			if err != nil {
				return err
			}
			// Rejoined (or erased) since the selection: nothing to do.
			if m.GetString(members.FieldStatus) != members.StatusCancelled {
				return nil
			}
			done = true
			return erase(tx, m)
		})
		if err != nil {
			return n, fmt.Errorf("selfservice: erase member %s: %w", id, err)
		}
		if done {
			n++
		}
	}
	return n, nil
}
