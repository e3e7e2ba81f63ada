package members_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// onePixelPNG is a valid 1x1 PNG: the photo field accepts images only.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// erasable stores a member with every personal field set, a photo, and
// outbox rows to its address in each status that matters (ta queued, tb
// sending, tc sent), or in the statuses given.
func erasable(t *testing.T, app *tests.TestApp, statuses ...string) *core.Record {
	t.Helper()
	photo, err := filesystem.NewFileFromBytes(onePixelPNG, "me.png")
	if err != nil {
		t.Fatal(err)
	}
	m := testapp.SaveMember(t, app, map[string]any{
		"email": "grace@example.org", "first_name": "Grace", "last_name": "Hopper",
		"phone": "+1 555 0100", "notes": "prefers COBOL", "marketing_opt_in": true, "photo": photo,
	})
	if statuses == nil {
		statuses = []string{outbox.StatusQueued, outbox.StatusSending, outbox.StatusSent}
	}
	for i, st := range statuses {
		if err := outbox.Enqueue(app, outbox.Message{To: "grace@example.org", Kind: "welcome", Subject: "Hi Grace",
			Text: "Dear Grace Hopper", HTML: "<p>Dear Grace Hopper</p>", DedupeKey: "t" + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.DB().NewQuery("UPDATE email_outbox SET status = {:st} WHERE dedupe_key = {:k}").
			Bind(dbx.Params{"st": st, "k": "t" + string(rune('a'+i))}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func photoPath(t *testing.T, app core.App, m *core.Record) string {
	t.Helper()
	name := m.GetString("photo")
	if name == "" {
		t.Fatal("member has no photo")
	}
	return filepath.Join(app.DataDir(), "storage", m.BaseFilesPath(), name)
}

func erase(app core.App, m *core.Record) error {
	er, err := members.EraserFrom(app)
	if err != nil {
		return err
	}
	return app.RunInTransaction(func(tx core.App) error { return er.Erase(tx, m) })
}

type outboxRow struct {
	Recipient string `db:"recipient"`
	Subject   string `db:"subject"`
	Text      string `db:"text_body"`
	Status    string `db:"status"`
	Redact    bool   `db:"redact"`
	Key       string `db:"dedupe_key"`
}

func outboxRows(t *testing.T, app core.App) map[string]outboxRow {
	t.Helper()
	var rows []outboxRow
	if err := app.DB().NewQuery("SELECT recipient, subject, text_body, status, redact, dedupe_key FROM email_outbox").All(&rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]outboxRow{}
	for _, r := range rows {
		out[r.Key] = r
	}
	return out
}

func TestEraseClearsEverythingButTheTombstone(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.PauseWorkers(t, app)
	m := erasable(t, app)
	photo := photoPath(t, app, m)
	if _, err := os.Stat(photo); err != nil {
		t.Fatal(err)
	}
	memberID := m.GetString("member_id")
	if err := erase(app, m); err != nil {
		t.Fatal(err)
	}

	got, err := app.FindRecordById("members", m.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString("member_id") != memberID || got.GetString("status") != members.StatusErased {
		t.Errorf("tombstone %s %s, want %s erased", got.GetString("member_id"), got.GetString("status"), memberID)
	}
	for _, f := range got.Collection().Fields {
		switch f.GetName() {
		case "id", "member_id", "status", "created", "updated":
			continue
		}
		if v := got.Get(f.GetName()); !isZero(v) {
			t.Errorf("%s still %v after erasure", f.GetName(), v)
		}
	}
	if _, err := os.Stat(photo); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("photo still in storage: %v", err)
	}
	rows := outboxRows(t, app)
	if r := rows["ta"]; r.Status != outbox.StatusCancelled || r.Recipient != "" || r.Text != "" || r.Subject != "" {
		t.Errorf("queued row after erasure: %+v, want cancelled and redacted", r)
	}
	if r := rows["tb"]; r.Status != outbox.StatusSending || !r.Redact {
		t.Errorf("sending row after erasure: %+v, want flagged for the worker", r)
	}
	if r := rows["tc"]; r.Recipient != "" || r.Text != "" || r.Subject != "" {
		t.Errorf("sent row after erasure: %+v, want redacted", r)
	}
	er, _ := members.EraserFrom(app)
	if found, err := er.Suppression.Suppressed(app, "Grace@Example.org"); err != nil || !found {
		t.Errorf("address not suppressed: %v %v", found, err)
	}
	// Erasing again changes nothing and does not fail.
	if err := erase(app, got); err != nil {
		t.Errorf("second erasure: %v", err)
	}
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case []string:
		return len(x) == 0
	case interface{ IsZero() bool }:
		return x.IsZero()
	}
	return false
}

func TestEraseFailingMidwayRollsEverythingBack(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.PauseWorkers(t, app)
	m := erasable(t, app)
	photo := photoPath(t, app, m)
	before := outboxRows(t, app)
	er, err := members.EraserFrom(app)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("injected failure")
	er.OnErase = append(er.OnErase, func(core.App, *core.Record, string) error { return boom })
	if err := erase(app, m); !errors.Is(err, boom) {
		t.Fatalf("erase: %v, want the injected failure", err)
	}
	got, err := app.FindRecordById("members", m.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString("status") != "active" || got.GetString("email") != "grace@example.org" ||
		got.GetString("notes") != "prefers COBOL" || got.GetString("photo") == "" {
		t.Errorf("member after a failed erasure: %v", got.FieldsData())
	}
	if _, err := os.Stat(photo); err != nil {
		t.Errorf("photo gone after a failed erasure: %v", err)
	}
	after := outboxRows(t, app)
	for k, r := range before {
		if after[k] != r {
			t.Errorf("outbox row %s changed by a failed erasure: %+v → %+v", k, r, after[k])
		}
	}
	if found, _ := er.Suppression.Suppressed(app, "grace@example.org"); found {
		t.Error("address suppressed by a failed erasure")
	}
	var reqs int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM privacy_requests").Row(&reqs)
	if reqs != 0 {
		t.Errorf("%d privacy requests after a failed erasure", reqs)
	}
}

func TestEraseNoRequestAskedForRecordsACompletedDeletion(t *testing.T) {
	app, _ := testapp.New(t, nil)
	m := testapp.SaveMember(t, app, nil)
	if err := erase(app, m); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Kind   string `db:"kind"`
		Status string `db:"status"`
		Ref    string `db:"member_ref"`
		Actor  string `db:"actor"`
	}
	err := app.DB().NewQuery(`SELECT r.kind, r.status, r.member_ref, e.actor FROM privacy_requests r
		JOIN privacy_events e ON e.request = r.id`).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Kind != "deletion" || rows[0].Status != "completed" ||
		rows[0].Ref != m.GetString("member_id") || rows[0].Actor != "system" {
		t.Errorf("requests after an unrequested erasure: %+v", rows)
	}
}
