package testapp

import (
	"testing"

	"github.com/pocketbase/dbx"
)

// planRecorder is a testing.TB that notes a failure instead of failing.
type planRecorder struct {
	testing.TB
	failed bool
}

func (r *planRecorder) Helper()               {}
func (r *planRecorder) Errorf(string, ...any) { r.failed = true }
func (r *planRecorder) Fatalf(string, ...any) { r.failed = true }

func TestAssertIndexedPlanTellsAnIndexReadFromAScanOrASort(t *testing.T) {
	app, _ := New(t, nil)
	due := IndexedPlan{Table: "intake", Index: "idx_intake_next_attempt"}
	for _, c := range []struct {
		why   string
		query string
		want  IndexedPlan
		fails bool
	}{
		{"an ordered index read", "SELECT id FROM intake WHERE next_attempt_at < {:now} ORDER BY next_attempt_at LIMIT 5", due, false},
		{"another index than the one named", "SELECT id FROM intake WHERE next_attempt_at < {:now} ORDER BY next_attempt_at LIMIT 5",
			IndexedPlan{Table: "intake", Index: "idx_intake_other"}, true},
		{"a scan", "SELECT id FROM intake WHERE last_error = {:now}", due, true},
		{"a sort", "SELECT id FROM intake WHERE next_attempt_at < {:now} ORDER BY last_error LIMIT 5", due, true},
		{"a sort allowed", "SELECT id FROM intake WHERE next_attempt_at < {:now} ORDER BY last_error LIMIT 5",
			IndexedPlan{Table: "intake", Index: "idx_intake_next_attempt", Sorts: 1}, false},
	} {
		r := &planRecorder{TB: t}
		AssertIndexedPlan(r, app, c.query, dbx.Params{"now": "2026-01-01 00:00:00.000Z"}, c.want)
		if r.failed != c.fails {
			t.Errorf("%s: AssertIndexedPlan failed = %v, want %v", c.why, r.failed, c.fails)
		}
	}
}
