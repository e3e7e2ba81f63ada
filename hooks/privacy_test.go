package hooks_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/intake"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// privacyApp serves a test app with one member and returns a helper that
// makes a details request for them and returns it once confirmed (export
// files stored), or still awaiting confirmation.
func privacyApp(t *testing.T) (*tests.TestApp, http.Handler, func(confirm bool) *core.Record) {
	t.Helper()
	app, _ := testapp.New(t, nil)
	mux := testapp.Mux(t, app)
	testapp.SaveMember(t, app, nil)
	w, _ := intake.FromApp(app)
	svc, _ := privacy.FromApp(app)
	// Both workers pause: rows are drained here, and the confirmation mail
	// must keep its body (a sent sensitive mail is cleared) to be read.
	testapp.PauseWorkers(t, app)
	tokenRe := regexp.MustCompile(`token=([A-Za-z0-9_-]{43})`)
	request := func(confirm bool) *core.Record {
		t.Helper()
		if err := intake.Submit(app, intake.KindDetails, "ada@example.org", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		var text string
		if err := app.DB().NewQuery("SELECT text_body FROM email_outbox WHERE kind = 'details_confirm' ORDER BY created DESC, rowid DESC LIMIT 1").Row(&text); err != nil {
			t.Fatal(err)
		}
		if confirm {
			if err := svc.Confirm(app, tokenRe.FindStringSubmatch(text)[1]); err != nil {
				t.Fatal(err)
			}
		}
		var rs []*core.Record
		if err := app.RecordQuery(privacy.Collection).OrderBy("created DESC", "rowid DESC").Limit(1).All(&rs); err != nil || len(rs) != 1 {
			t.Fatal(err)
		}
		return rs[0]
	}
	return app, mux, request
}

func call(t *testing.T, mux http.Handler, method, url, body, auth string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Host = "localhost"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

func TestPrivacyRequestsOverRESTFollowTheTransitions(t *testing.T) {
	app, mux, request := privacyApp(t)
	su := testapp.Superuser(t, app)
	suRec, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "root@example.org")
	if err != nil {
		t.Fatal(err)
	}
	viewer, editor := testapp.Staff(t, app, "viewer"), testapp.Staff(t, app, "editor")
	awaiting, confirmed := request(false), request(true)
	url := "/api/collections/privacy_requests/records/"
	status := func(r *core.Record) string {
		fresh, err := app.FindRecordById(privacy.Collection, r.Id)
		if err != nil {
			t.Fatal(err)
		}
		return fresh.GetString("status")
	}
	events := func(r *core.Record) []string {
		evs, err := privacy.RequestEvents(app, r.Id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range evs {
			out = append(out, e.From+">"+e.To+":"+e.Actor)
		}
		return out
	}

	// A superuser is held to the table like everyone else.
	for _, c := range []struct {
		r  *core.Record
		to string
	}{{awaiting, "completed"}, {awaiting, "approved"}, {confirmed, "approved"}, {confirmed, "awaiting_confirmation"}} {
		code, body := call(t, mux, "PATCH", url+c.r.Id, `{"status":"`+c.to+`"}`, su)
		if code != http.StatusBadRequest || !strings.Contains(body, "cannot move from") {
			t.Errorf("superuser %s → %s: %d %s", status(c.r), c.to, code, body)
		}
	}
	if code, body := call(t, mux, "POST", strings.TrimSuffix(url, "/"), `{"kind":"details","status":"confirmed"}`, su); code != http.StatusBadRequest {
		t.Errorf("superuser create in confirmed: %d %s", code, body)
	}
	// A save that leaves the status alone passes, without an event.
	if code, body := call(t, mux, "PATCH", url+awaiting.Id, `{"reason":"looked at it"}`, su); code != 200 {
		t.Errorf("superuser edit without status change: %d %s", code, body)
	}
	if code, body := call(t, mux, "PATCH", url+awaiting.Id, `{"status":"expired"}`, su); code != 200 {
		t.Fatalf("superuser awaiting → expired: %d %s", code, body)
	}
	want := ">awaiting_confirmation:system awaiting_confirmation>expired:" + suRec.Id
	if got := strings.Join(events(awaiting), " "); got != want {
		t.Errorf("events %q, want %q", got, want)
	}

	// Staff see that requests exist, never their secrets, and change nothing.
	code, body := call(t, mux, "GET", strings.TrimSuffix(url, "/"), "", viewer)
	if code != 200 || !strings.Contains(body, `"totalItems":2`) || strings.Contains(body, "token_hash") || strings.Contains(body, `"export"`) {
		t.Errorf("viewer list: %d %s", code, body)
	}
	for _, auth := range []string{viewer, editor, ""} {
		if code, _ := call(t, mux, "PATCH", url+confirmed.Id, `{"status":"expired"}`, auth); code < 400 {
			t.Errorf("staff/guest update answered %d", code)
		}
		if code, _ := call(t, mux, "DELETE", url+confirmed.Id, "", auth); code < 400 {
			t.Errorf("staff/guest delete answered %d", code)
		}
		if code, _ := call(t, mux, "POST", strings.TrimSuffix(url, "/"), `{"kind":"details","status":"awaiting_confirmation"}`, auth); code < 400 {
			t.Errorf("staff/guest create answered %d", code)
		}
		if code, body := call(t, mux, "GET", "/api/collections/privacy_events/records", "", auth); code == 200 && !strings.Contains(body, `"totalItems":0`) {
			t.Errorf("staff/guest read privacy_events: %s", body)
		}
	}
	if status(confirmed) != "confirmed" || len(events(confirmed)) != 2 {
		t.Errorf("confirmed request changed: %s %v", status(confirmed), events(confirmed))
	}
}

// Hidden is not access control for files: staff may view requests, so
// without our hook PocketBase would serve them the export with a file token.
func TestExportFilesAreRefusedOnTheFileRouteToAllButSuperusers(t *testing.T) {
	app, mux, request := privacyApp(t)
	r := request(true)
	files := r.GetStringSlice("export")
	if len(files) != 2 {
		t.Fatalf("export files %v", files)
	}
	fileToken := func(auth string) string {
		code, body := call(t, mux, "POST", "/api/files/token", "", auth)
		var v struct{ Token string }
		if code != 200 || json.Unmarshal([]byte(body), &v) != nil || v.Token == "" {
			t.Fatalf("file token: %d %s", code, body)
		}
		return v.Token
	}
	su := testapp.Superuser(t, app)
	viewer, editor := testapp.Staff(t, app, "viewer"), testapp.Staff(t, app, "editor")
	get := func(name, tok, auth string) (int, string) {
		return call(t, mux, "GET", "/api/files/privacy_requests/"+r.Id+"/"+name+"?token="+tok, "", auth)
	}
	for _, name := range files {
		for role, auth := range map[string]string{"viewer": viewer, "editor": editor} {
			if code, _ := get(name, fileToken(auth), auth); code != http.StatusNotFound {
				t.Errorf("%s with a file token: %d", role, code)
			}
		}
		if code, _ := get(name, "", ""); code != http.StatusNotFound {
			t.Errorf("guest: %d", code)
		}
		if code, body := get(name, fileToken(su), su); code != 200 || len(body) == 0 {
			t.Errorf("superuser: %d", code)
		}
	}
	// The hook is what stands between staff and the file.
	app.OnFileDownloadRequest(privacy.Collection).Unbind("memberbase.privacy.exportFiles")
	if code, _ := get(files[0], fileToken(viewer), viewer); code != 200 {
		t.Errorf("without the hook a viewer gets %d: the test no longer shows the hook matters", code)
	}
}
