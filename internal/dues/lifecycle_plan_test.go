package dues_test

import (
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// TestLifecycleSelectNeedsNoSort: the lifecycle's batch query reads the
// active members in id order from an index. Sorting them instead (a temp
// B-tree) would sort every active member for each batch of 200, which
// grows with the square of the membership.
func TestLifecycleSelectNeedsNoSort(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	testapp.SavePlan(t, e.app, nil)
	q := e.svc.SelectDueForTest(e.app, "", time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)).Build()
	var rows []struct {
		Detail string `db:"detail"`
	}
	if err := e.app.DB().NewQuery("EXPLAIN QUERY PLAN " + q.SQL()).Bind(q.Params()).All(&rows); err != nil {
		t.Fatal(err)
	}
	var plan []string
	for _, r := range rows {
		plan = append(plan, r.Detail)
	}
	got := strings.Join(plan, "\n")
	if strings.Contains(got, "TEMP B-TREE") || !strings.Contains(got, "idx_members_status_id") {
		t.Errorf("query plan:\n%s", got)
	}
}
