package outbox_test

import (
	"strings"
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
	var rows []dbx.NullStringMap
	err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + outbox.ClaimSQL).
		Bind(dbx.Params{"now": "2026-01-01 00:00:00.000Z", "lease": "2026-01-01 00:05:00.000Z", "max": 8, "priority": outbox.PriorityBulk}).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for _, r := range rows {
		plan = append(plan, r["detail"].String)
	}
	all := strings.Join(plan, "\n")
	if strings.Contains(all, "MULTI-INDEX OR") || strings.Contains(all, "SCAN email_outbox") ||
		strings.Count(all, "TEMP B-TREE") > 1 ||
		!strings.Contains(all, "USING INDEX idx_email_outbox_claim (status=? AND priority=? AND next_attempt_at<?)") {
		t.Errorf("the claim reads or sorts the backlog:\n%s", all)
	}
}
