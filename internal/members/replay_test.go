package members_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// TestLedgerReplayAfterARestore erases one member and deletes another,
// then puts the database back as an older backup had it (the rows as they
// were, the sequence at 0): the replay erases and deletes them again and
// moves the sequence past every number handed out before.
func TestLedgerReplayAfterARestore(t *testing.T) {
	app, _ := testapp.New(t, nil)
	er, err := members.EraserFrom(app)
	if err != nil {
		t.Fatal(err)
	}
	erased := testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org", "last_name": "Hopper"})
	deleted := testapp.SaveMember(t, app, map[string]any{"email": "alan@example.org"})
	entries, err := members.ReadLedger(er.LedgerPath)
	if err != nil || len(entries) != 1 || entries[0].Kind != members.LedgerReserve || entries[0].Mark != 1+members.ReserveAhead {
		t.Fatalf("ledger after two creates: %+v %v, want one reservation at %d", entries, err, 1+members.ReserveAhead)
	}
	if err := erase(app, erased); err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(deleted); err != nil {
		t.Fatal(err)
	}

	// The restore: both rows as they were, the sequence as it was.
	if _, err := app.DB().NewQuery(`UPDATE members SET status = 'active', email = 'grace@example.org', last_name = 'Hopper', first_name = 'Ada'
		WHERE id = {:id}`).Bind(dbx.Params{"id": erased.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery(`INSERT INTO members (id, member_id, first_name, last_name, email, status)
		VALUES ({:id}, {:mid}, 'Alan', 'Turing', 'alan@example.org', 'active')`).
		Bind(dbx.Params{"id": deleted.Id, "mid": deleted.GetString("member_id")}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("UPDATE member_sequence SET value = 0").Execute(); err != nil {
		t.Fatal(err)
	}

	res, err := er.Replay(app, er.LedgerPath)
	if err != nil {
		t.Fatal(err)
	}
	if res.Erased != 1 || res.Deleted != 1 || res.Sequence != 1+members.ReserveAhead {
		t.Errorf("replay %+v", res)
	}
	got, err := app.FindRecordById("members", erased.Id)
	if err != nil || got.GetString("status") != members.StatusErased || got.GetString("email") != "" {
		t.Errorf("restored member not erased again: %v %v", got, err)
	}
	if _, err := app.FindRecordById("members", deleted.Id); err == nil {
		t.Error("restored member not deleted again")
	}
	next := testapp.SaveMember(t, app, map[string]any{"email": "new@example.org"})
	if n, _ := idFormat.Parse(next.GetString("member_id")); n <= 2 {
		t.Errorf("next member ID %s reuses a number handed out before the restore", next.GetString("member_id"))
	}
}
