package audit_test

import (
	"context"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

func TestOnlyTheAuditPackageWritesTheLog(t *testing.T) {
	s := serve(t, nil)
	_, tok := account(t, s.app, "superuser")
	testapp.SaveMember(t, s.app, nil)
	rows := rowsAfter(t, s.app, 0)
	if len(rows) == 0 {
		t.Fatal("no rows to tamper with")
	}
	target := rows[0]
	before := len(rows)

	// Superusers over REST (the dashboard): list and view yes, change no.
	if code, _ := s.do(t, "GET", "/api/collections/audit_log/records", tok, nil); code != 200 {
		t.Errorf("superuser list: %d", code)
	}
	_, staffTok := account(t, s.app, "editor")
	if code, _ := s.do(t, "GET", "/api/collections/audit_log/records", staffTok, nil); code != 403 {
		t.Errorf("staff list: %d, want 403", code)
	}
	for _, c := range []struct{ method, path string }{
		{"POST", "/api/collections/audit_log/records"},
		{"PATCH", "/api/collections/audit_log/records/" + target.ID},
		{"DELETE", "/api/collections/audit_log/records/" + target.ID},
		{"DELETE", "/api/collections/audit_log/truncate"},
		{"DELETE", "/api/collections/audit_log"},
		{"PATCH", "/api/collections/audit_log"},
	} {
		body := map[string]any{"seq": 999, "actor_type": "system", "action": "view", "listRule": ""}
		if code, _ := s.do(t, c.method, c.path, tok, body); code < 400 {
			t.Errorf("%s %s as a superuser: %d", c.method, c.path, code)
		}
	}

	// Go code, through models.
	col, _ := s.app.FindCollectionByNameOrId(audit.Collection)
	forged := core.NewRecord(col)
	forged.Set("seq", 999)
	forged.Set("actor_type", "system")
	forged.Set("action", "view")
	if err := s.app.Save(forged); err == nil {
		t.Error("app.Save created a row")
	}
	stored, err := s.app.FindRecordById(audit.Collection, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored.Set("actor", "someone-else")
	if err := s.app.Save(stored); err == nil {
		t.Error("app.Save changed a row")
	}
	if err := s.app.Delete(stored); err == nil {
		t.Error("app.Delete removed a row")
	}
	if err := s.app.TruncateCollection(col); err == nil {
		t.Error("the collection was truncated")
	}
	col.ListRule = nil
	col.Fields.Add(&core.TextField{Name: "note"})
	if err := s.app.Save(col); err == nil {
		t.Error("the collection was changed")
	}
	col, _ = s.app.FindCollectionByNameOrId(audit.Collection)
	col.Name = "renamed_log"
	if err := s.app.Save(col); err == nil {
		t.Error("the collection was renamed")
	}
	col, _ = s.app.FindCollectionByNameOrId(audit.Collection)
	if err := s.app.Delete(col); err == nil {
		t.Error("the collection was deleted")
	}

	after := rowsAfter(t, s.app, 0)
	if len(after) < before || after[0].Actor != target.Actor || after[0].Hash != target.Hash {
		t.Fatalf("rows changed: %d → %d", before, len(after))
	}
	// A migration may, explicitly.
	col, _ = s.app.FindCollectionByNameOrId(audit.Collection)
	if err := s.app.DeleteWithContext(audit.AllowSchemaChange(context.Background()), col); err != nil {
		t.Fatalf("migration drop: %v", err)
	}
}
