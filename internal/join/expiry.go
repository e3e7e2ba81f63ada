package join

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ExpiryResult counts what one run of [Expire] did.
type ExpiryResult struct {
	Expired int64 // mailed requests past their expiry, now marked expired
	Purged  int64 // requests deleted PurgeAfter their expiry
}

// Expire is the daily job: requests still mailed after expires_at become
// expired, and every request (confirmed or not) is deleted PurgeAfter its
// expiry, so the names and address it held do not outlive their use. Both
// statements go through the expires_at index; running it twice is harmless.
func Expire(app core.App, now time.Time) (ExpiryResult, error) {
	var res ExpiryResult
	err := app.RunInTransaction(func(tx core.App) error {
		q := tx.DB().NewQuery(`UPDATE join_requests SET status = {:expired}, updated = {:now}
			WHERE expires_at <= {:now} AND status = {:mailed}`).
			Bind(dbx.Params{"expired": StatusExpired, "mailed": StatusMailed, "now": dbTime(now)})
		r, err := q.Execute()
		if err != nil {
			return err
		}
		res.Expired, _ = r.RowsAffected()
		r, err = tx.DB().NewQuery(`DELETE FROM join_requests WHERE expires_at <= {:cutoff}`).
			Bind(dbx.Params{"cutoff": dbTime(now.Add(-PurgeAfter))}).Execute()
		if err != nil {
			return err
		}
		res.Purged, _ = r.RowsAffected()
		return nil
	})
	if err != nil {
		return ExpiryResult{}, fmt.Errorf("join: expiry: %w", err)
	}
	return res, nil
}
