package privacy_test

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// TestExportNamesWhoActedWithoutStaffIDs: the export's request history
// says whether the member, the system or an administrator changed each
// request, and never carries an administrator's internal record id.
func TestExportNamesWhoActedWithoutStaffIDs(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	old := e.newRequest(privacy.KindDeletion, m.Id)
	const superuserID = "su0123456789abc"
	col, err := e.app.FindCollectionByNameOrId(privacy.EventsCollection)
	if err != nil {
		t.Fatal(err)
	}
	ev := core.NewRecord(col)
	ev.Set("request", old.Id)
	ev.Set("from_status", privacy.StatusAwaiting)
	ev.Set("to_status", privacy.StatusRejected)
	ev.Set("actor", superuserID)
	if err := e.app.Save(ev); err != nil {
		t.Fatal(err)
	}

	doc, _ := exportOf(t, e, e.downloadLink())
	var actors []string
	for _, x := range doc["privacy_events"].([]any) {
		actors = append(actors, x.(map[string]any)["actor"].(string))
	}
	for _, want := range []string{privacy.ActorSystem, privacy.ActorMember, "admin"} {
		if !slices.Contains(actors, want) {
			t.Errorf("export's request history lacks actor %q: %q", want, actors)
		}
	}
	if slices.Contains(actors, superuserID) {
		t.Errorf("export carries a superuser's id: %q", actors)
	}
}
