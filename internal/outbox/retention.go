package outbox

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Retention periods of outbox rows (SPEC §8).
const (
	RedactSentAfter  = 30 * 24 * time.Hour
	PurgeFailedAfter = 90 * 24 * time.Hour
)

// RetentionResult counts the rows each rule touched.
type RetentionResult struct {
	Cleared  int64 // sensitive bodies emptied (normally done at once by the worker)
	Redacted int64 // sent rows: address and bodies emptied
	Purged   int64 // failed and cancelled rows deleted
}

// Retain applies the retention rules as of now; the daily job runs it. The
// sensitive rule repeats what the worker does when it records a final
// outcome, so a row marked by hand or by an older version is still covered.
// Cancelled rows are kept as long as failed ones: both are "not sent" and an
// admin may want to see why.
func Retain(app core.App, now time.Time) (RetentionResult, error) {
	var res RetentionResult
	p := dbx.Params{
		"now":         dbTime(now),
		"sent_cutoff": dbTime(now.Add(-RedactSentAfter)),
		"fail_cutoff": dbTime(now.Add(-PurgeFailedAfter)),
	}
	steps := []struct {
		n   *int64
		sql string
	}{
		{&res.Cleared, `UPDATE email_outbox SET text_body = '', html_body = '', updated = {:now}
			WHERE sensitive AND status IN ('sent', 'failed') AND (text_body != '' OR html_body != '')`},
		{&res.Redacted, `UPDATE email_outbox SET recipient = '', text_body = '', html_body = '', headers = NULL, updated = {:now}
			WHERE status = 'sent' AND COALESCE(NULLIF(sent_at, ''), updated) < {:sent_cutoff}
			AND (recipient != '' OR text_body != '' OR html_body != '')`},
		{&res.Purged, `DELETE FROM email_outbox
			WHERE status IN ('failed', 'cancelled') AND updated < {:fail_cutoff}`},
	}
	for _, s := range steps {
		r, err := app.DB().NewQuery(s.sql).Bind(p).Execute()
		if err != nil {
			return res, fmt.Errorf("outbox retention: %w", err)
		}
		*s.n, _ = r.RowsAffected()
	}
	return res, nil
}
