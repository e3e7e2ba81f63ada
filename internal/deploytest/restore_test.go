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
	FirstName string `json:"first_name"`
	Email     string `json:"email"`
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

// createMember creates a member through REST. Until the member ID hook
// assigns member_id on every write path, an empty member_id collides with the
// unique index on the second member: only then is an explicit one sent. The
// drill never depends on the member_id values.
func createMember(t *testing.T, base, admin string, n int, fields map[string]string, file []byte) record {
	t.Helper()
	for attempt := range 2 {
		if attempt == 1 {
			fields["member_id"] = fmt.Sprintf("DRILL-%d", n)
		}
		var body []byte
		ct := "application/json"
		if file != nil {
			body, ct = multipartBody(t, fields, "photo", "photo.png", file)
		} else {
			body, _ = json.Marshal(fields)
		}
		status, res := call(t, "POST", base+"/api/collections/members/records", admin, ct, body)
		if status == 200 {
			var r record
			decode(t, res, &r)
			return r
		}
		if attempt == 1 || status != 400 || !bytes.Contains(res, []byte(`"member_id"`)) {
			t.Fatalf("create member: %d %s", status, res)
		}
	}
	panic("unreachable")
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
// binary: members and files → backup → wipe → restore (PocketBase re-executes
// itself) → everything is back, and what came after the backup is gone.
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
		createMember(t, base, admin, i, map[string]string{"first_name": name, "last_name": "Drill",
			"email": fmt.Sprintf("m%d@example.org", i), "status": "active"}, nil)
	}
	photo := pngImage(t, 7)
	createMember(t, base, admin, 3, map[string]string{"first_name": "Katherine", "last_name": "Drill",
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

	body, _ = json.Marshal(map[string]string{"name": "drill.zip"})
	if status, res = call(t, "POST", base+"/api/backups", admin, "application/json", body); status != 204 {
		t.Fatalf("create backup: %d %s", status, res)
	}
	if _, err := os.Stat(filepath.Join(data, "backups", "drill.zip")); err != nil {
		t.Fatalf("backup file: %v", err)
	}

	// The disaster: every member and link deleted, and a stray member added.
	for _, c := range []struct {
		name string
		rs   []record
	}{{"members", members}, {"social_links", links}} {
		for _, r := range c.rs {
			if status, res = call(t, "DELETE", base+"/api/collections/"+c.name+"/records/"+r.ID, admin, "", nil); status != 204 {
				t.Fatalf("delete %s: %d %s", c.name, status, res)
			}
		}
	}
	stray := createMember(t, base, admin, 4, map[string]string{"first_name": "Stray", "last_name": "After",
		"email": "stray@example.org", "status": "active"}, nil)
	if n := len(listRecords(t, base, admin, "members")); n != 1 {
		t.Fatalf("want 1 member after the wipe, got %d", n)
	}

	if status, res = call(t, "POST", base+"/api/backups/drill.zip/restore", admin, "", nil); status != 204 {
		t.Fatalf("restore: %d %s", status, res)
	}
	// The server answers again once it has re-executed itself on the
	// restored data: wait for the restored members to show up.
	waitFor(t, 60*time.Second, "the restored members", func() bool {
		if !healthy(base) {
			return false
		}
		st, b := call(t, "GET", base+"/api/collections/members/records?perPage=200", admin, "", nil)
		return st == 200 && !bytes.Contains(b, []byte(stray.ID)) && bytes.Count(b, []byte(`"collectionName":"members"`)) == 4
	})

	gotMembers := listRecords(t, base, admin, "members")
	if !slices.Equal(gotMembers, members) {
		t.Errorf("members after restore:\n got %+v\nwant %+v", gotMembers, members)
	}
	gotLinks := listRecords(t, base, admin, "social_links")
	if !slices.Equal(gotLinks, links) {
		t.Errorf("social links after restore:\n got %+v\nwant %+v", gotLinks, links)
	}
	for _, m := range members {
		if m.Photo != "" && !bytes.Equal(fileBytes(t, base, admin, "members", m.ID, m.Photo), photo) {
			t.Error("the member photo did not come back")
		}
	}
	for _, l := range links {
		if l.Icon != "" && !bytes.Equal(fileBytes(t, base, admin, "social_links", l.ID, l.Icon), icon) {
			t.Error("the social link icon did not come back")
		}
	}
}
