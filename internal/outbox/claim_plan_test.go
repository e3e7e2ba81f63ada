package outbox_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// The claim must cost the same with a backlog of ten rows or ten thousand:
// no scan or sort of every due row, only an ordered index read that stops
// after max (plus the merge of at most 2×max rows of the two kinds).
func TestClaimReadsTheDueIndexInOrder(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.AssertIndexedPlan(t, app, outbox.ClaimSQL,
		dbx.Params{"now": "2026-01-01 00:00:00.000Z", "lease": "2026-01-01 00:05:00.000Z", "max": 8, "priority": outbox.PriorityBulk},
		testapp.IndexedPlan{Table: "email_outbox", Index: "idx_email_outbox_claim (status=? AND priority=? AND next_attempt_at<?)", Sorts: 1})
}
