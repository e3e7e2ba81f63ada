package privacy

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// expiryBatch bounds the requests one pass of each rule touches; the job
// runs hourly, so a longer backlog clears over a few runs.
const expiryBatch = 500

// ExpiryResult counts what one [Service.Expire] run changed.
type ExpiryResult struct {
	Expired      int // requests moved to expired
	FilesRemoved int // requests whose export files were deleted
}

// Expire is the hourly job of privacy requests, each change in its own
// transaction with actor system:
//   - requests still awaiting confirmation after expires_at → expired;
//   - details requests confirmed but never downloaded by
//     download_expires_at → expired, their export files deleted;
//   - completed ones past download_expires_at lose their export files.
func (s *Service) Expire(app core.App) (ExpiryResult, error) {
	var res ExpiryResult
	now := s.now().Format(types.DefaultDateLayout)
	rules := []struct {
		filter string
		expire bool
	}{
		{"status = 'awaiting_confirmation' && expires_at != '' && expires_at <= {:now}", true},
		{"status = 'confirmed' && kind = 'details' && download_expires_at != '' && download_expires_at <= {:now}", true},
		{"export:length > 0 && download_expires_at != '' && download_expires_at <= {:now}", false},
	}
	for _, rule := range rules {
		reqs, err := app.FindRecordsByFilter(Collection, rule.filter, "", expiryBatch, 0, dbx.Params{"now": now})
		if err != nil {
			return res, fmt.Errorf("privacy: expiry: %w", err)
		}
		for _, req := range reqs {
			files := len(req.GetStringSlice("export")) > 0
			err := app.RunInTransaction(func(tx core.App) error {
				if rule.expire {
					req.Set("status", StatusExpired)
				}
				if files {
					// PocketBase deletes the removed files once the save commits.
					req.Set("export", []string{})
				}
				SetActor(req, ActorSystem)
				return tx.Save(req)
			})
			if err != nil {
				return res, fmt.Errorf("privacy: expire request %s: %w", req.Id, err)
			}
			if rule.expire {
				res.Expired++
			}
			if files {
				res.FilesRemoved++
			}
		}
	}
	return res, nil
}
