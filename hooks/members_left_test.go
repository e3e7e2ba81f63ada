package hooks_test

import (
	"net/http"
	"testing"

	"memberbase/internal/testapp"
)

// An admin's cancel in the dashboard (REST as a superuser) sets left_at
// like a member's own leaving; a later save keeps it; a client cannot move
// it; reactivation clears it with the reason and the note.
func TestCancelSetsLeftAtForEveryWriter(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	root := newSuperuser(t, app)
	m := testapp.SaveMember(t, app, nil)
	url := srv.URL + membersURL + "/" + m.Id
	left := func() string {
		r, err := app.FindRecordById("members", m.Id)
		if err != nil {
			t.Fatal(err)
		}
		return r.GetString("left_at")
	}

	if res := doJSON(t, srv.Client(), http.MethodPatch, url, root, map[string]any{"status": "cancelled"}); res.Status != 200 {
		t.Fatalf("cancel: %d %v", res.Status, res.Body)
	}
	first := left()
	if first == "" {
		t.Fatal("an admin's cancel did not set left_at")
	}
	res := doJSON(t, srv.Client(), http.MethodPatch, url, root,
		map[string]any{"phone": "+49 30 1", "left_at": "2001-01-01 00:00:00.000Z", "leave_reason": "cost", "leave_note": "admin note"})
	if res.Status != 200 || left() != first {
		t.Fatalf("a later save moved left_at: %d %q → %q", res.Status, first, left())
	}

	if res := doJSON(t, srv.Client(), http.MethodPatch, url, root, map[string]any{"status": "active"}); res.Status != 200 {
		t.Fatalf("reactivate: %d %v", res.Status, res.Body)
	}
	r, _ := app.FindRecordById("members", m.Id)
	if r.GetString("left_at") != "" || r.GetString("leave_reason") != "" || r.GetString("leave_note") != "" {
		t.Fatalf("reactivation kept %q %q %q", r.GetString("left_at"), r.GetString("leave_reason"), r.GetString("leave_note"))
	}

	// A Go writer (the join's reactivation, jobs) is held to the same rule.
	r.Set("status", "cancelled")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if left() == "" {
		t.Fatal("a Go cancel did not set left_at")
	}
}
