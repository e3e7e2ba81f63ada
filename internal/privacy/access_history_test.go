package privacy_test

import (
	"testing"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestExportCarriesTheAccessHistory: the document lists every recorded read
// and change of the member's record by kind of actor, as the audit log has
// it, and never who by name or id.
func TestExportCarriesTheAccessHistory(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	staffRead := audit.Entry{Actor: audit.Actor{Type: audit.ActorStaff, ID: "staffid00000001"}, Action: audit.ActionView,
		Target: "members", RecordIDs: []string{m.Id}}
	otherRead := audit.Entry{Actor: audit.Actor{Type: audit.ActorStaff, ID: "staffid00000001"}, Action: audit.ActionView,
		Target: "members", RecordIDs: []string{"someoneelse0000"}}
	if err := audit.From(e.app).Append(e.app, staffRead, otherRead); err != nil {
		t.Fatal(err)
	}
	want, err := audit.AccessHistory(e.app, m.Id)
	if err != nil || len(want) < 2 { // the member's creation and the staff read
		t.Fatalf("audit history = %v, %v", want, err)
	}
	doc, _ := exportOf(t, e, e.downloadLink())
	got, _ := doc["access_history"].([]any)
	// The export is built at confirmation: after the rows above, plus the
	// request's own changes are not member rows, so the lengths match.
	if len(got) != len(want) {
		t.Fatalf("access_history has %d entries, the log %d: %v", len(got), len(want), got)
	}
	sawStaffView := false
	for i, g := range got {
		entry, _ := g.(map[string]any)
		if entry["actor"] != want[i].Actor || entry["action"] != want[i].Action {
			t.Errorf("entry %d = %v, log %+v", i, entry, want[i])
		}
		if entry["actor"] == "staff" && entry["action"] == "view" {
			sawStaffView = true
		}
		for k := range entry {
			if k != "date" && k != "actor" && k != "action" {
				t.Errorf("entry %d carries %q", i, k)
			}
		}
	}
	if !sawStaffView {
		t.Errorf("the staff read is missing: %v", got)
	}
}
