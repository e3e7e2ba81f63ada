package intake_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// New rows all have an empty next_attempt_at: without created in the index
// each claim sorted the whole backlog to take a batch, and the further the
// worker fell behind, the slower it claimed. The plan must read the index in
// order and look the claimed ids up, with no sort and no scan.
func TestClaimReadsTheDueIndexInOrder(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.AssertIndexedPlan(t, app, intake.ClaimSQL,
		dbx.Params{"now": "2026-01-01 00:00:00.000Z", "lease": "2026-01-01 00:02:00.000Z", "max": 32, "maxAttempts": intake.MaxAttempts},
		testapp.IndexedPlan{Table: "intake", Index: "idx_intake_next_attempt", Sorts: 0})
}
