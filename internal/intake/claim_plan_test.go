package intake_test

import (
	"strings"
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
	var rows []dbx.NullStringMap
	err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + intake.ClaimSQL).
		Bind(dbx.Params{"now": "2026-01-01 00:00:00.000Z", "lease": "2026-01-01 00:02:00.000Z", "max": 32, "maxAttempts": intake.MaxAttempts}).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for _, r := range rows {
		plan = append(plan, r["detail"].String)
	}
	all := strings.Join(plan, "\n")
	if strings.Contains(all, "TEMP B-TREE") || strings.Contains(all, "SCAN intake") ||
		!strings.Contains(all, "USING INDEX idx_intake_next_attempt") {
		t.Errorf("the claim reads or sorts the backlog:\n%s", all)
	}
}
