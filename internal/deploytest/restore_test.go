package deploytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// drillEnv is the process environment of the drill: the caller's, minus any
// MEMBERBASE_* variable (a developer's shell must not change the drill), in
// the development profile without rate limits.
func drillEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEMBERBASE_") {
			env = append(env, kv)
		}
	}
	return append(env, "MEMBERBASE_ENV=development", "MEMBERBASE_RATE_LIMIT=off")
}

type record struct {
	ID        string `json:"id"`
	MemberID  string `json:"member_id"`
	FirstName string `json:"first_name"`
	Email     string `json:"email"`
	Status    string `json:"status"`
	Photo     string `json:"photo"`
	Label     string `json:"label"`
	Icon      string `json:"icon"`
}

func listRecords(t *testing.T, base, admin, collection string) []record {
	t.Helper()
	status, res := call(t, "GET", base+"/api/collections/"+collection+"/records?perPage=200&sort=created", admin, "", nil)
	if status != 200 {
		t.Fatalf("list %s: %d %s", collection, status, res)
	}
	var page struct{ Items []record }
	decode(t, res, &page)
	return page.Items
}

// createMember creates a member through REST; the server assigns its
// member ID.
func createMember(t *testing.T, base, admin string, fields map[string]string, file []byte) record {
	t.Helper()
	var body []byte
	ct := "application/json"
	if file != nil {
		body, ct = multipartBody(t, fields, "photo", "photo.png", file)
	} else {
		body, _ = json.Marshal(fields)
	}
	status, res := call(t, "POST", base+"/api/collections/members/records", admin, ct, body)
	if status != 200 {
		t.Fatalf("create member: %d %s", status, res)
	}
	var r record
	decode(t, res, &r)
	return r
}

// eraseOverREST erases a member the way an admin does on the dashboard: a
// deletion request, confirmed, then approved (the approval erases).
func eraseOverREST(t *testing.T, base, admin string, m record) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"kind": "deletion", "member": m.ID, "member_ref": m.MemberID,
		"status": "awaiting_confirmation", "token_hash": strings.Repeat("ab", 32)})
	status, res := call(t, "POST", base+"/api/collections/privacy_requests/records", admin, "application/json", body)
	if status != 200 {
		t.Fatalf("create deletion request: %d %s", status, res)
	}
	var req record
	decode(t, res, &req)
	for _, to := range []string{"confirmed", "approved"} {
		body, _ = json.Marshal(map[string]string{"status": to})
		if status, res = call(t, "PATCH", base+"/api/collections/privacy_requests/records/"+req.ID, admin, "application/json", body); status != 200 {
			t.Fatalf("deletion request → %s: %d %s", to, status, res)
		}
	}
}

func fileBytes(t *testing.T, base, admin, collection, id, name string) []byte {
	t.Helper()
	status, res := call(t, "POST", base+"/api/files/token", admin, "", nil)
	if status != 200 {
		t.Fatalf("file token: %d %s", status, res)
	}
	var ft struct{ Token string }
	decode(t, res, &ft)
	status, res = call(t, "GET", fmt.Sprintf("%s/api/files/%s/%s/%s?token=%s", base, collection, id, name, ft.Token), "", "", nil)
	if status != 200 {
		return nil
	}
	return res
}

// TestRestoreDrill runs the operator's restore procedure against the built
// binary: members and files → backup → the disaster (edits, a deleted link)
// and ordinary work after the backup (an erasure, a delete, a new member) →
// restore (PocketBase re-executes itself and serve replays the ledger) →
// the backup's data is back, and yet the erased member stays erased, the
// deleted one stays deleted, and no member ID is handed out twice.
//
// It is a long test: building the binary from a cold cache takes minutes on
// a small machine (a few seconds once cached).
func TestRestoreDrill(t *testing.T) {
	if os.Getenv("MEMBERBASE_LONG_TESTS") == "" {
		t.Skip("long test: make test-long")
	}
	bin := buildBinary(t)
	work := t.TempDir()
	data := filepath.Join(work, "pb_data")
	env := drillEnv()
	const email, password = "root@example.com", "drill-password-0123456789"
	runCLI(t, bin, work, env, "superuser", "upsert", email, password, "--dir", data)
	base := startServe(t, bin, work, data, env)

	body, _ := json.Marshal(map[string]string{"identity": email, "password": password})
	status, res := call(t, "POST", base+"/api/collections/_superusers/auth-with-password", "", "application/json", body)
	if status != 200 {
		t.Fatalf("superuser login: %d %s", status, res)
	}
	var auth struct{ Token string }
	decode(t, res, &auth)
	admin := auth.Token

	for i, name := range []string{"Ada", "Grace", "Hedy"} {
		createMember(t, base, admin, map[string]string{"first_name": name, "last_name": "Drill",
			"email": fmt.Sprintf("m%d@example.org", i), "status": "active"}, nil)
	}
	photo := pngImage(t, 7)
	createMember(t, base, admin, map[string]string{"first_name": "Katherine", "last_name": "Drill",
		"email": "k@example.org", "status": "active"}, photo)
	icon := pngImage(t, 9)
	mp, ct := multipartBody(t, map[string]string{"label": "Drill", "url": "https://drill.example.org/", "visible": "true"}, "icon", "icon.png", icon)
	if status, res = call(t, "POST", base+"/api/collections/social_links/records", admin, ct, mp); status != 200 {
		t.Fatalf("create social link: %d %s", status, res)
	}
	members, links := listRecords(t, base, admin, "members"), listRecords(t, base, admin, "social_links")
	if len(members) != 4 || !slices.ContainsFunc(links, func(l record) bool { return l.Icon != "" }) {
		t.Fatalf("want 4 members and a link with an icon before the backup, got %+v %+v", members, links)
	}
	ada, grace, hedy := members[0], members[1], members[2]

	body, _ = json.Marshal(map[string]string{"name": "drill.zip"})
	if status, res = call(t, "POST", base+"/api/backups", admin, "application/json", body); status != 204 {
		t.Fatalf("create backup: %d %s", status, res)
	}
	if _, err := os.Stat(filepath.Join(data, "backups", "drill.zip")); err != nil {
		t.Fatalf("backup file: %v", err)
	}

	// The disaster the backup undoes: a member's name overwritten and the
	// social link deleted.
	body, _ = json.Marshal(map[string]string{"first_name": "Overwritten"})
	if status, res = call(t, "PATCH", base+"/api/collections/members/records/"+ada.ID, admin, "application/json", body); status != 200 {
		t.Fatalf("overwrite a name: %d %s", status, res)
	}
	for _, l := range links {
		if status, res = call(t, "DELETE", base+"/api/collections/social_links/records/"+l.ID, admin, "", nil); status != 204 {
			t.Fatalf("delete link: %d %s", status, res)
		}
	}
	// What the restore must not undo: Grace erased on her request, Hedy
	// deleted over REST, and a member who joined after the backup (whose
	// member ID must never be handed out again).
	eraseOverREST(t, base, admin, grace)
	if status, res = call(t, "DELETE", base+"/api/collections/members/records/"+hedy.ID, admin, "", nil); status != 204 {
		t.Fatalf("delete member: %d %s", status, res)
	}
	stray := createMember(t, base, admin, map[string]string{"first_name": "Stray", "last_name": "After",
		"email": "stray@example.org", "status": "active"}, nil)
	ledger, err := os.ReadFile(filepath.Join(work, "memberbase-ledger.jsonl"))
	if err != nil || !bytes.Contains(ledger, []byte(grace.ID)) || !bytes.Contains(ledger, []byte(hedy.ID)) {
		t.Fatalf("the ledger beside the data dir should name the erasure and the delete: %v\n%s", err, ledger)
	}
	for _, m := range members {
		if bytes.Contains(ledger, []byte(m.Email)) {
			t.Fatal("the ledger holds an address")
		}
	}

	if status, res = call(t, "POST", base+"/api/backups/drill.zip/restore", admin, "", nil); status != 204 {
		t.Fatalf("restore: %d %s", status, res)
	}
	// The server answers again once it has re-executed itself on the
	// restored data and replayed the ledger: wait for the restored name.
	waitFor(t, 90*time.Second, "the restored data", func() bool {
		if !healthy(base) {
			return false
		}
		st, b := call(t, "GET", base+"/api/collections/members/records?perPage=200", admin, "", nil)
		return st == 200 && bytes.Contains(b, []byte(`"first_name":"Ada"`))
	})

	got := listRecords(t, base, admin, "members")
	byID := map[string]record{}
	for _, m := range got {
		byID[m.ID] = m
	}
	if len(got) != 3 {
		t.Errorf("want Ada, Grace's tombstone and Katherine after the restore, got %+v", got)
	}
	if m := byID[ada.ID]; m != ada {
		t.Errorf("Ada after the restore: got %+v want %+v", m, ada)
	}
	if m := byID[members[3].ID]; m != members[3] {
		t.Errorf("Katherine after the restore: got %+v want %+v", m, members[3])
	}
	if m := byID[grace.ID]; m.Status != "erased" || m.FirstName != "" || m.Email != "" || m.MemberID != grace.MemberID {
		t.Errorf("Grace should be erased again, keeping only her member ID: %+v", m)
	}
	if _, ok := byID[hedy.ID]; ok {
		t.Error("the deleted member came back with the restore")
	}
	if _, ok := byID[stray.ID]; ok {
		t.Error("the member created after the backup survived the restore")
	}
	gotLinks := listRecords(t, base, admin, "social_links")
	if !slices.Equal(gotLinks, links) {
		t.Errorf("social links after restore:\n got %+v\nwant %+v", gotLinks, links)
	}
	if !bytes.Equal(fileBytes(t, base, admin, "members", members[3].ID, members[3].Photo), photo) {
		t.Error("the member photo did not come back")
	}
	for _, l := range links {
		if l.Icon != "" && !bytes.Equal(fileBytes(t, base, admin, "social_links", l.ID, l.Icon), icon) {
			t.Error("the social link icon did not come back")
		}
	}

	// The next member ID is above every one handed out before the restore.
	next := createMember(t, base, admin, map[string]string{"first_name": "Next", "last_name": "Drill",
		"email": "next@example.org", "status": "active"}, nil)
	if next.MemberID <= stray.MemberID || len(next.MemberID) != len(stray.MemberID) {
		t.Errorf("member ID %s after the restore is not above %s, handed out before it", next.MemberID, stray.MemberID)
	}
}
