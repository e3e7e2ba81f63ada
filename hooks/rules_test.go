package hooks_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestAPIRuleMatrix checks the REST access rules of SPEC §4 over real HTTP.
func TestAPIRuleMatrix(t *testing.T) {
	app, _ := testapp.New(t, nil)
	root := testapp.Superuser(t, app)
	viewer := testapp.Staff(t, app, "viewer")
	editor := testapp.Staff(t, app, "editor")
	srv := testapp.Serve(t, app)

	existing := testapp.SaveMember(t, app, map[string]any{"member_id": "M-900001"})

	do := func(method, path, tok, body string) int {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", tok)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 && method == "GET" && strings.Contains(path, "/records") && !strings.Contains(path, "/records/") {
			// A list the caller may not read comes back 200 with no items.
			if strings.Contains(string(b), `"totalItems":0`) {
				return 0
			}
		}
		return res.StatusCode
	}
	newMember := func(n string) string {
		return `{"first_name":"New","last_name":"Member","email":"new` + n + `@example.org","status":"active"}`
	}

	rec := "/api/collections/members/records"
	cases := []struct {
		name, method, path, tok, body string
		want                          int
	}{
		{"guest list members", "GET", rec, "", "", 0},
		{"guest view member", "GET", rec + "/" + existing.Id, "", "", 404},
		{"guest create member", "POST", rec, "", newMember("1"), 400},
		{"viewer list members", "GET", rec, viewer, "", 200},
		{"viewer view member", "GET", rec + "/" + existing.Id, viewer, "", 200},
		{"viewer create member", "POST", rec, viewer, newMember("2"), 400},
		{"viewer update member", "PATCH", rec + "/" + existing.Id, viewer, `{"phone":"123"}`, 404},
		{"viewer delete member", "DELETE", rec + "/" + existing.Id, viewer, "", 403},
		{"editor create member", "POST", rec, editor, newMember("3"), 200},
		{"editor update member", "PATCH", rec + "/" + existing.Id, editor, `{"phone":"123"}`, 200},
		{"editor delete member", "DELETE", rec + "/" + existing.Id, editor, "", 403},
		{"guest sign up users", "POST", "/api/collections/users/records", "", `{"email":"x@example.org","password":"12345678","passwordConfirm":"12345678"}`, 403},
		{"guest sign up staff", "POST", "/api/collections/staff/records", "", `{"email":"x@example.org","password":"12345678","passwordConfirm":"12345678","role":"editor"}`, 403},
		{"guest list intake", "GET", "/api/collections/intake/records", "", "", 403},
		{"guest list join_requests", "GET", "/api/collections/join_requests/records", "", "", 403},
		{"guest list privacy_requests", "GET", "/api/collections/privacy_requests/records", "", "", 0},
		{"guest list privacy_events", "GET", "/api/collections/privacy_events/records", "", "", 403},
		{"guest list outbox", "GET", "/api/collections/email_outbox/records", "", "", 403},
		{"editor list outbox", "GET", "/api/collections/email_outbox/records", editor, "", 403},
		{"viewer list privacy_requests", "GET", "/api/collections/privacy_requests/records", viewer, "", 200},
		{"viewer update privacy_requests", "PATCH", "/api/collections/privacy_requests/records/x", viewer, `{}`, 403},
		{"guest list social links", "GET", "/api/collections/social_links/records", "", "", 200},
		{"guest create social link", "POST", "/api/collections/social_links/records", "", `{"label":"x","url":"https://x.example.org"}`, 403},
		{"superuser delete member", "DELETE", rec + "/" + existing.Id, root, "", 204},
	}
	// The empty social list answers 0 with our helper; give it a row.
	sl, _ := app.FindCollectionByNameOrId("social_links")
	link := core.NewRecord(sl)
	link.Set("label", "Site")
	link.Set("url", "https://example.org")
	link.Set("visible", true)
	if err := app.Save(link); err != nil {
		t.Fatal(err)
	}
	pr, _ := app.FindCollectionByNameOrId("privacy_requests")
	req := core.NewRecord(pr)
	req.Set("kind", "details")
	req.Set("status", "awaiting_confirmation")
	req.Set("member_ref", "M-900001")
	req.Set("token_hash", "h1")
	if err := app.Save(req); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if got := do(c.method, c.path, c.tok, c.body); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	// PocketBase answers a create refused by its rule with 400: check that
	// nothing was written (only the editor's member remains).
	if n, _ := app.CountRecords("members"); n != 1 {
		t.Errorf("members = %d, want 1 (only the editor's create)", n)
	}
	if n, _ := app.CountRecords("users"); n != 0 {
		t.Errorf("users = %d after a guest sign-up attempt", n)
	}
}

func TestSocialLinkURLMustBeHTTPS(t *testing.T) {
	app, _ := testapp.New(t, nil)
	sl, _ := app.FindCollectionByNameOrId("social_links")
	for url, ok := range map[string]bool{
		"https://example.org/club":  true,
		"http://example.org":        false,
		"javascript:alert(1)":       false,
		"https://":                  false,
		"https://user@evil.example": false,
	} {
		r := core.NewRecord(sl)
		r.Set("label", "x")
		r.Set("url", url)
		err := app.Save(r)
		if (err == nil) != ok {
			t.Errorf("url %q: err=%v, want ok=%v", url, err, ok)
		}
	}
}
