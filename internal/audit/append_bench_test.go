package audit_test

import (
	"fmt"
	"testing"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// BenchmarkAppendListRow is the cost of one read row naming 100 members (a
// staff list page), chained and inserted in its own transaction: what the
// queue pays per request when requests do not pile up.
// Run: go test -run '^$' -bench AppendListRow ./internal/audit/
func BenchmarkAppendListRow(b *testing.B) {
	app, _ := testapp.New(b, nil)
	l := audit.From(app)
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("r%014d", i)
	}
	e := audit.Entry{Actor: audit.Actor{Type: audit.ActorStaff, ID: "s00000000000001"}, Action: audit.ActionList, Target: "members", RecordIDs: ids, RequestID: "0123456789abcdef0123456789abcdef"}
	b.ResetTimer()
	for b.Loop() {
		if err := l.Append(app, e); err != nil {
			b.Fatal(err)
		}
	}
}
