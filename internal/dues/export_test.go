package dues

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
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

// RenderMailsForTest renders kind with each of data in turn, through one
// run's [stencils], as the lifecycle job renders its collected mails.
func RenderMailsForTest(rd *outbox.Renderer, kind string, data []Mail) ([]outbox.Rendered, error) {
	st := stencils{}
	out := make([]outbox.Rendered, len(data))
	for i, d := range data {
		r, err := st.render(rd, kind, d)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}
