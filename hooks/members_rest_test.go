package hooks_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// seedID is the fixed id of the member the permission matrix reads and
// writes.
const seedID = "seedmember00001"

func seedMember(t testing.TB, app *tests.TestApp) {
	r := newMember(t, app, "Seed", "seed@example.org")
	r.Id = seedID
	r.Set("notes", "superusers only")
	if err := app.Save(r); err != nil {
		t.Fatalf("seed: %v", err)
	}
}

func TestMembersRESTPermissionMatrix(t *testing.T) {
	// tests.ApiScenario sends its requests to httptest's example.com host.
	factory := testapp.TemplateFactory(t, map[string]string{"ALLOWED_HOSTS": "example.com"})
	create := `{"first_name":"New","last_name":"Member","email":"new@example.org"}`
	update := `{"phone":"+49 30 1234"}`
	type want struct {
		status  int
		content []string
	}
	list := func(n string) want { return want{200, []string{`"totalItems":` + n}} }
	ok := want{200, []string{`"member_id":"M-`}}
	roles := []struct {
		role                                string
		list, view, create, update, destroy want
	}{
		{"guest", list("0"), want{404, []string{`"status":404`}}, want{400, []string{`"status":400`}},
			want{404, []string{`"status":404`}}, want{403, []string{`"status":403`}}},
		{"viewer", list("1"), ok, want{400, []string{`"status":400`}},
			want{404, []string{`"status":404`}}, want{403, []string{`"status":403`}}},
		{"editor", list("1"), ok, ok, ok, want{403, []string{`"status":403`}}},
		{"superuser", list("1"), ok, ok, ok, want{204, nil}},
	}
	for _, r := range roles {
		for _, op := range []struct {
			name, method, url, body string
			want                    want
		}{
			{"list", http.MethodGet, membersURL, "", r.list},
			{"view", http.MethodGet, membersURL + "/" + seedID, "", r.view},
			{"create", http.MethodPost, membersURL, create, r.create},
			{"update", http.MethodPatch, membersURL + "/" + seedID, update, r.update},
			{"delete", http.MethodDelete, membersURL + "/" + seedID, "", r.destroy},
		} {
			s := tests.ApiScenario{
				Name:            r.role + " " + op.name,
				Method:          op.method,
				URL:             op.url,
				ExpectedStatus:  op.want.status,
				ExpectedContent: op.want.content,
				TestAppFactory:  factory,
				BeforeTestFunc:  authAs(r.role, seedMember),
			}
			if op.body != "" {
				s.Body = strings.NewReader(op.body)
			}
			if r.role != "superuser" {
				// Hidden from everyone but superusers.
				s.NotExpectedContent = []string{"superusers only"}
			}
			if op.want.status >= 400 {
				s.ExpectedEvents = map[string]int{"OnRecordCreate": 0, "OnRecordUpdate": 0, "OnRecordDelete": 0}
			}
			s.Test(t)
		}
	}
}

func TestServerOwnedFieldsRefusedOverREST(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	editor := newStaff(t, app, "editor@staff.example.org", "editor")
	root := newSuperuser(t, app)

	active := newMember(t, app, "Act", "act@example.org")
	erased := newMember(t, app, "", "")
	erased.Set("status", "erased")
	for _, r := range []*core.Record{active, erased} {
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	base := map[string]any{"first_name": "Ann", "last_name": "Lee", "email": "ann@example.org"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{k: v}
		for bk, bv := range base {
			m[bk] = bv
		}
		return m
	}
	for _, who := range []struct{ name, token string }{{"staff editor", editor}, {"superuser", root}} {
		for _, c := range []struct {
			field string
			value any
		}{
			{"member_id", "M-000777"},
			{"status", "erased"},
			{"email_verified_at", "2026-01-02 03:04:05.000Z"},
			{"consent_version", "v1"},
			{"consent_at", "2026-01-02 03:04:05.000Z"},
		} {
			res := doJSON(t, srv.Client(), http.MethodPost, srv.URL+membersURL, who.token, with(c.field, c.value))
			if res.Status != 400 || res.fieldCode(c.field) != "validation_server_owned" {
				t.Errorf("%s create with %s: %d %v, want 400 validation_server_owned", who.name, c.field, res.Status, res.Body)
			}
			res = doJSON(t, srv.Client(), http.MethodPatch, srv.URL+membersURL+"/"+active.Id, who.token, map[string]any{c.field: c.value})
			if res.Status != 400 || res.fieldCode(c.field) != "validation_server_owned" {
				t.Errorf("%s update of %s: %d %v, want 400 validation_server_owned", who.name, c.field, res.Status, res.Body)
			}
		}
		res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+membersURL+"/"+erased.Id, who.token, map[string]any{"status": "active"})
		if res.Status != 400 || res.fieldCode("status") != "validation_server_owned" {
			t.Errorf("%s un-erasing: %d %v, want 400", who.name, res.Status, res.Body)
		}
		// Moves among the four live statuses are allowed; resending the
		// stored values (as the dashboard does) is not a change.
		for _, st := range []string{"lapsed", "cancelled", "pending_approval", "active"} {
			res = doJSON(t, srv.Client(), http.MethodPatch, srv.URL+membersURL+"/"+active.Id, who.token,
				map[string]any{"status": st, "member_id": active.GetString("member_id"), "consent_version": ""})
			if res.Status != 200 || res.Body["status"] != st {
				t.Errorf("%s status → %s: %d %v", who.name, st, res.Status, res.Body)
			}
		}
	}
	if n, _ := app.CountRecords("members"); n != 2 {
		t.Errorf("members = %d, want 2: a refused create left a row", n)
	}
	if n := sequence(t, app); n != 2 {
		t.Errorf("sequence = %d, want 2 (the two seeds): refused creates consumed numbers", n)
	}
}

// TestDashboardStyleCreate sends what the dashboard's record form sends: a
// multipart body with every field, server-owned ones empty.
func TestDashboardStyleCreate(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	root := newSuperuser(t, app)
	post := func(email string) apiResult {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"member_id": "", "first_name": "Dash", "last_name": "Board", "email": email,
			"phone": "", "status": "active", "email_verified_at": "", "joined_at": "", "consent_version": "",
			"consent_at": "", "marketing_opt_in": "false", "notes": "met at the fair"} {
			_ = mw.WriteField(k, v)
		}
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+membersURL, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", root)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out := apiResult{Status: resp.StatusCode}
		_ = json.NewDecoder(resp.Body).Decode(&out.Body)
		return out
	}
	if res := post("dash@example.org"); res.Status != 200 || res.Body["member_id"] != "M-000001" || res.Body["notes"] != "met at the fair" {
		t.Fatalf("dashboard create: %d %v", res.Status, res.Body)
	}
	// The clash is found by the unique index after the number was drawn:
	// the request's transaction must give it back.
	if res := post("DASH@example.org"); res.Status != 400 || res.fieldCode("email") != "validation_not_unique" {
		t.Fatalf("duplicate email: %d %v", res.Status, res.Body)
	}
	if n := sequence(t, app); n != 1 {
		t.Errorf("sequence %d after a refused REST create, want 1", n)
	}
}
