package branches_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// TestRepCannotWriteAnything tries create, update and delete on every
// collection, the batch API and file tokens as a rep: all refused, nothing
// changed.
func TestRepCannotWriteAnything(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	w := newWorld(t, app)
	tok := w.reps["two branches"].token
	a1 := w.members["a1"]

	cols, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		base := "/api/collections/" + c.Name + "/records"
		for _, req := range [][2]string{{"POST", base}, {"PATCH", base + "/" + a1.Id}, {"DELETE", base + "/" + a1.Id}} {
			if code, body := call(t, srv, req[0], req[1], tok, map[string]any{"first_name": "Mallory", "name": "x", "role": "editor"}); code != 403 {
				t.Errorf("%s %s: %d %s", req[0], req[1], code, body)
			}
		}
		if c.Name != "branch_members" {
			if code, _ := call(t, srv, "GET", base, tok, nil); code != 403 {
				t.Errorf("list %s: %d, want 403", c.Name, code)
			}
		}
	}
	for _, path := range []string{"/api/batch", "/api/files/token", "/api/collections/staff/request-password-reset"} {
		if code, _ := call(t, srv, "POST", path, tok, map[string]any{}); code != 403 {
			t.Errorf("POST %s: %d, want 403", path, code)
		}
	}
	fresh, err := app.FindRecordById("members", a1.Id)
	if err != nil || fresh.GetString("first_name") != "First-a1" {
		t.Fatalf("a1 changed or gone: %v", err)
	}
	if code, _ := call(t, srv, "POST", "/api/collections/staff/auth-refresh", tok, nil); code != 200 {
		t.Errorf("auth-refresh: %d, want 200 (a rep keeps their session)", code)
	}
}

// TestViewerAndEditorKeepTheirAccess checks the allow-listed rules still let
// viewers and editors in, that they do not read the rep view, and that
// guests list only public branches.
func TestViewerAndEditorKeepTheirAccess(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	newWorld(t, app)
	viewer := testapp.Staff(t, app, "viewer")
	editor := testapp.Staff(t, app, "editor")
	count := func(path, tok string) int {
		t.Helper()
		code, body := call(t, srv, "GET", path, tok, nil)
		var p page
		if code != 200 || json.Unmarshal(body, &p) != nil {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
		return p.TotalItems
	}
	for _, tok := range []string{viewer, editor} {
		if n := count("/api/collections/members/records", tok); n != 6 {
			t.Errorf("staff list members: %d, want 6", n)
		}
		if n := count("/api/collections/branches/records", tok); n != 3 {
			t.Errorf("staff list branches: %d, want 3", n)
		}
		count("/api/collections/privacy_requests/records", tok) // 200, whatever it holds
		if n := count("/api/collections/branch_members/records", tok); n != 0 {
			t.Errorf("staff read the rep view: %d rows", n)
		}
	}
	if code, body := call(t, srv, "POST", "/api/collections/members/records", editor,
		map[string]any{"first_name": "New", "last_name": "Member", "email": "new@example.org", "status": "active"}); code != 200 {
		t.Errorf("editor create member: %d %s", code, body)
	}
	if code, _ := call(t, srv, "POST", "/api/collections/branches/records", editor, map[string]any{"name": "Depot D", "code": "d"}); code != 200 {
		t.Errorf("editor create branch: %d", code)
	}
	if code, _ := call(t, srv, "POST", "/api/collections/branches/records", viewer, map[string]any{"name": "Depot E", "code": "e"}); code == 200 {
		t.Error("viewer created a branch")
	}
	if n := count("/api/collections/branches/records", ""); n != 1 {
		t.Errorf("guest lists %d branches, want the 1 public", n)
	}
}

// TestRepGetsNoRealtime opens a real realtime connection and subscribes as
// a rep: the subscription is refused, so the connection stays a guest's.
func TestRepGetsNoRealtime(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	w := newWorld(t, app)
	// The deadline only keeps a broken test from hanging.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/realtime", nil)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	var clientID string
	for clientID == "" && sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data:"); ok {
			var hello struct{ ClientID string }
			_ = json.Unmarshal([]byte(strings.TrimSpace(data)), &hello)
			clientID = hello.ClientID
		}
	}
	if clientID == "" {
		t.Fatal("no PB_CONNECT")
	}
	for _, topic := range []string{"branch_members/*", "members/*", "branches/*"} {
		code, body := call(t, srv, "POST", "/api/realtime", w.reps["one branch"].token, map[string]any{"clientId": clientID, "subscriptions": []string{topic}})
		if code != 403 {
			t.Errorf("rep subscribe %s: %d %s, want 403", topic, code, body)
		}
	}
}
