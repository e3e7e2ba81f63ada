package dues

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// SelectDueForTest exposes the lifecycle's batch query to the tests.
func (s *Service) SelectDueForTest(app core.App, last string, today time.Time) *dbx.SelectQuery {
	return s.selectDue(app.NonconcurrentDB(), last, today)
}

// ImportPaymentsPerLine is [ImportPayments] saving each payment through the
// hooks, as it did before the batched path.
func ImportPaymentsPerLine(app core.App, st Statement, opts ImportOptions) (ImportResult, error) {
	opts.perLine = true
	return ImportPayments(app, st, opts)
}

// SetPerRecordForTest makes the lifecycle job save each period and mail on
// its own (the way before multi-row inserts), or not.
func (s *Service) SetPerRecordForTest(on bool) { s.perRecord = on }
