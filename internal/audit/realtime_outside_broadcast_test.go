package audit_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestRealtimeMessageOutsideABroadcastGetsItsOwnRow: a record sent to a
// staff account over realtime outside the create, update and delete
// broadcasts (a message app code sends itself) gets a row of its own and
// is sent on; when that row cannot be written in the sender's
// transaction, the message fails with it.
func TestRealtimeMessageOutsideABroadcastGetsItsOwnRow(t *testing.T) {
	app, _ := testapp.New(t, nil)
	staffID, _ := account(t, app, "viewer")
	staff, err := app.FindRecordById("staff", staffID)
	if err != nil {
		t.Fatal(err)
	}
	m := testapp.SaveMember(t, app, nil)
	sent := 0
	message := func(a core.App) error {
		return a.OnRecordEnrich().Trigger(&core.RecordEnrichEvent{App: a, Record: m,
			RequestInfo: &core.RequestInfo{Auth: staff, Context: core.RequestInfoContextRealtime}},
			func(*core.RecordEnrichEvent) error { sent++; return nil })
	}

	seq := lastSeq(t, app)
	if err := message(app); err != nil || sent != 1 {
		t.Fatalf("message: %v, sent %d", err, sent)
	}
	only(t, rowsAfter(t, app, seq), "staff", staffID, "realtime", "members", m.Id)

	exec(t, app, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END")
	if err := app.RunInTransaction(message); err == nil || sent != 1 {
		t.Errorf("message whose row was refused: %v, sent %d times in all", err, sent)
	}
}
