package privacy

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"time"
)

// AutoApprove approves (actor system) every confirmed deletion request
// confirmed at least after ago (DELETION_AUTO_APPROVE_AFTER; 0 turns it
// off), each in its own transaction: the approval erases the member and
// completes the request as an admin's would. It returns how many it
// approved.
func (s *Service) AutoApprove(app core.App, after time.Duration) (int, error) {
	if after <= 0 {
		return 0, nil
	}
	cutoff := s.now().Add(-after)
	var due []*core.Record
	err := app.RecordQuery(Collection).
		AndWhere(dbx.HashExp{"kind": KindDeletion, "status": StatusConfirmed}).
		AndWhere(dbx.NewExp("confirmed_at != '' AND confirmed_at <= {:cutoff}",
			dbx.Params{"cutoff": cutoff.Format("2006-01-02 15:04:05.000Z")})).
		All(&due)
	if err != nil {
		return 0, fmt.Errorf("privacy: auto-approve: %w", err)
	}
	n := 0
	for _, r := range due {
		r.Set("status", StatusApproved)
		SetActor(r, ActorSystem)
		if err := app.Save(r); err != nil {
			return n, fmt.Errorf("privacy: auto-approve %s: %w", r.Id, err)
		}
		n++
	}
	return n, nil
}
