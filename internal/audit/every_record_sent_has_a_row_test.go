package audit_test

import (
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/testapp"
)

// TestEveryRecordSentOutsideARequestHasItsRow: records a handler prepares
// for a staff account outside the read tracking (a route of its own calling
// PocketBase's EnrichRecords) each get their row, and their enrichment goes
// on to the last record.
func TestEveryRecordSentOutsideARequestHasItsRow(t *testing.T) {
	app, _ := testapp.New(t, nil) // not served: no read tracking
	staffID, _ := account(t, app, "viewer")
	staff, err := app.FindRecordById("staff", staffID)
	if err != nil {
		t.Fatal(err)
	}
	m1 := testapp.SaveMember(t, app, map[string]any{"email": "first@example.org"})
	m2 := testapp.SaveMember(t, app, map[string]any{"email": "second@example.org"})
	seq := lastSeq(t, app)
	e := &core.RequestEvent{App: app, Auth: staff, Event: router.Event{
		Request: httptest.NewRequest("GET", "/custom/members", nil), Response: httptest.NewRecorder()}}
	if err := apis.EnrichRecords(e, []*core.Record{m1, m2}); err != nil {
		t.Fatal(err)
	}
	rows := rowsAfter(t, app, seq)
	if len(rows) != 2 {
		t.Fatalf("want a row for each of the two records, got %+v", rows)
	}
	only(t, rows[:1], "staff", staffID, "view", "members", m1.Id)
	only(t, rows[1:], "staff", staffID, "view", "members", m2.Id)
}
