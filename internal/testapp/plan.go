package testapp

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// IndexedPlan is what a query's plan must look like for its cost not to grow
// with the table: Index is read (the text after "USING INDEX ", which may
// include the constraint SQLite shows, "(status=? AND …)"), Table is never
// scanned, no OR is answered by merging indexes, and at most Sorts temporary
// b-trees are built (a sort of a bounded set, such as a merge of two LIMITed
// reads, is not a sort of the backlog).
type IndexedPlan struct {
	Table string
	Index string
	Sorts int
}

// AssertIndexedPlan fails t, showing the plan, unless SQLite's plan for
// query bound to params is the one want describes. A plan is checked rather
// than a timing, so the test says the same on any machine.
func AssertIndexedPlan(t testing.TB, app core.App, query string, params dbx.Params, want IndexedPlan) {
	t.Helper()
	var rows []dbx.NullStringMap
	if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + query).Bind(params).All(&rows); err != nil {
		t.Fatalf("explain: %v", err)
	}
	var plan []string
	for _, r := range rows {
		plan = append(plan, r["detail"].String)
	}
	all := strings.Join(plan, "\n")
	if strings.Contains(all, "MULTI-INDEX OR") || strings.Contains(all, "SCAN "+want.Table) ||
		strings.Count(all, "TEMP B-TREE") > want.Sorts || !strings.Contains(all, "USING INDEX "+want.Index) {
		t.Errorf("the query reads or sorts all of %s, or not through %s:\n%s", want.Table, want.Index, all)
	}
}
