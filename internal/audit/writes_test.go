package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// personal are the values of the member these tests write: none may reach
// the audit log.
var personal = map[string]any{
	"first_name": "Zephyrine", "last_name": "Quillfeather", "email": "zephyrine.q@example.org",
	"phone": "+44 20 7946 0123", "notes": "prefers letters",
}

// dump returns every audit_log column of every row as one string.
func dump(t *testing.T, app core.App) string {
	t.Helper()
	audit.From(app).Sync()
	var all []struct {
		Row string `db:"row"`
	}
	if err := app.DB().NewQuery(`SELECT json_object('a', actor_type, 'b', actor, 'c', action, 'd', target, 'e', record_ids,
		'f', fields, 'g', request_id, 'h', detail, 'i', prev_hash, 'j', hash, 'k', id, 'l', created) AS row FROM audit_log`).All(&all); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range all {
		b.WriteString(r.Row)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestWritesNameFieldsNeverValues(t *testing.T) {
	s := serve(t, nil)
	_, tok := account(t, s.app, "editor")
	seq := lastSeq(t, s.app)
	m := testapp.SaveMember(t, s.app, personal)
	r := only(t, rowsAfter(t, s.app, seq), "system", "", "create", "members", m.Id)
	for _, f := range []string{"first_name", "last_name", "email", "phone", "notes", "status", "member_id"} {
		if !slices.Contains(r.fields(), f) {
			t.Errorf("create fields %v lack %s", r.fields(), f)
		}
	}
	for _, f := range r.fields() {
		if m.Collection().Fields.GetByName(f) == nil {
			t.Errorf("fields holds %q, which is not a field name", f)
		}
	}

	// Go code acting for someone names them through the context.
	seq = lastSeq(t, s.app)
	m.Set("marketing_opt_in", true)
	if err := s.app.SaveWithContext(audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorMember, ID: m.Id}), m); err != nil {
		t.Fatal(err)
	}
	r = only(t, rowsAfter(t, s.app, seq), "member", m.Id, "update", "members", m.Id)
	// marketing_opt_in_at follows the choice (members hook, same save).
	if f := r.fields(); !slices.Equal(f, []string{"marketing_opt_in", "marketing_opt_in_at"}) {
		t.Errorf("update fields %v", f)
	}

	// Reads and REST writes of the same member, then its erasure.
	s.do(t, "GET", "/api/collections/members/records/"+m.Id, tok, nil)
	s.do(t, "PATCH", "/api/collections/members/records/"+m.Id, tok, map[string]any{"phone": "+44 20 7946 0999"})
	seq = lastSeq(t, s.app)
	for k := range personal {
		m.Set(k, "")
	}
	m.Set("status", "erased")
	if err := s.app.Save(m); err != nil {
		t.Fatal(err)
	}
	r = only(t, rowsAfter(t, s.app, seq), "system", "", "erase", "members", m.Id)
	if !slices.Contains(r.fields(), "email") || !slices.Contains(r.fields(), "status") {
		t.Errorf("erase fields %v", r.fields())
	}

	all := dump(t, s.app)
	for k, v := range personal {
		if strings.Contains(strings.ToLower(all), strings.ToLower(v.(string))) {
			t.Errorf("the audit log holds the member's %s", k)
		}
	}
	if strings.Contains(all, "7946") {
		t.Error("the audit log holds a phone number")
	}
}

func TestWriteRowRollsBackWithItsChange(t *testing.T) {
	s := serve(t, nil)
	seq := lastSeq(t, s.app)
	// A duplicate email fails the insert: neither the member nor its row.
	testapp.SaveMember(t, s.app, nil)
	dup := testapp.NewMember(t, s.app, nil)
	if err := s.app.Save(dup); err == nil {
		t.Fatal("duplicate email saved")
	}
	if rows := rowsAfter(t, s.app, seq); len(rows) != 1 {
		t.Fatalf("want only the first create, got %+v", rows)
	}
	// A failing transaction takes the row with it.
	seq = lastSeq(t, s.app)
	_ = s.app.RunInTransaction(func(tx core.App) error {
		testapp.SaveMember(t, tx, map[string]any{"email": "rolled@example.org"})
		return context.Canceled
	})
	if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
		t.Fatalf("rolled-back create left %+v", rows)
	}
}

func TestStaffAndPrivacyRequestWritesAreAudited(t *testing.T) {
	s := serve(t, nil)
	suID, tok := account(t, s.app, "superuser")
	seq := lastSeq(t, s.app)
	staffID, _ := account(t, s.app, "viewer")
	r := only(t, rowsAfter(t, s.app, seq), "system", "", "create", "staff", staffID)
	if slices.Contains(r.fields(), "viewer@example.org") || !slices.Contains(r.fields(), "email") {
		t.Errorf("staff create fields %v", r.fields())
	}

	m := testapp.SaveMember(t, s.app, nil)
	req := saveRecord(t, s.app, "privacy_requests", map[string]any{"kind": "deletion", "member": m.Id, "status": "confirmed"})
	seq = lastSeq(t, s.app)
	if code, body := s.do(t, "PATCH", "/api/collections/privacy_requests/records/"+req.Id, tok, map[string]any{"reason": "duplicate"}); code != 200 {
		t.Fatalf("update: %d %s", code, body)
	}
	only(t, rowsAfter(t, s.app, seq), "superuser", suID, "update", "privacy_requests", req.Id)

	seq = lastSeq(t, s.app)
	if code, body := s.do(t, "DELETE", "/api/collections/staff/records/"+staffID, tok, nil); code != 204 {
		t.Fatalf("delete: %d %s", code, body)
	}
	only(t, rowsAfter(t, s.app, seq), "superuser", suID, "delete", "staff", staffID)
}
