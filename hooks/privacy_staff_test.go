package hooks_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// Staff may look at a confirmed deletion request but move it nowhere over
// REST: not to approved (which would erase), rejected, expired or
// completed. The superuser's approval right after shows the request was
// movable.
func TestStaffCannotMoveDeletionRequestsOverREST(t *testing.T) {
	app, mux, _ := privacyApp(t) // member ada@example.org, workers paused
	svc, _ := privacy.FromApp(app)
	w, _ := intake.FromApp(app)
	if err := intake.Submit(app, intake.KindDeletion, "ada@example.org", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := app.DB().NewQuery("SELECT text_body FROM email_outbox WHERE kind = 'privacy_confirm'").Row(&text); err != nil {
		t.Fatal(err)
	}
	if err := svc.Confirm(app, regexp.MustCompile(`token=([A-Za-z0-9_-]{43})`).FindStringSubmatch(text)[1]); err != nil {
		t.Fatal(err)
	}
	req, err := app.FindFirstRecordByData(privacy.Collection, "kind", privacy.KindDeletion)
	if err != nil || req.GetString("status") != privacy.StatusConfirmed {
		t.Fatalf("deletion request %v %v", req, err)
	}
	url := "/api/collections/privacy_requests/records/" + req.Id

	for _, role := range []string{"viewer", "editor"} {
		auth := testapp.Staff(t, app, role)
		if code, _ := call(t, mux, http.MethodGet, url, "", auth); code != http.StatusOK {
			t.Errorf("%s cannot view the request: %d", role, code)
		}
		for _, body := range []string{`{"status":"approved"}`, `{"status":"rejected","reason":"no"}`,
			`{"status":"expired"}`, `{"status":"completed"}`} {
			if code, resp := call(t, mux, http.MethodPatch, url, body, auth); code < 400 {
				t.Errorf("%s PATCH %s: %d %s", role, body, code, resp)
			}
		}
	}
	fresh, err := app.FindRecordById(privacy.Collection, req.Id)
	if err != nil || fresh.GetString("status") != privacy.StatusConfirmed || fresh.GetString("reason") != "" {
		t.Fatalf("request after the staff attempts: %v %v", fresh, err)
	}
	if evs, _ := privacy.RequestEvents(app, req.Id); len(evs) != 2 {
		t.Errorf("events after the staff attempts: %+v", evs)
	}
	m, err := app.FindFirstRecordByData("members", "email", "ada@example.org")
	if err != nil || m.GetString(members.FieldStatus) != members.StatusActive {
		t.Fatalf("member after the staff attempts: %v %v", m, err)
	}
	var rejected int
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM email_outbox WHERE kind = 'deletion_rejected'").Row(&rejected)
	if rejected != 0 {
		t.Errorf("%d rejection mails queued by staff", rejected)
	}

	if code, body := call(t, mux, http.MethodPatch, url, `{"status":"approved"}`, testapp.Superuser(t, app)); code != http.StatusOK {
		t.Fatalf("superuser approval: %d %s", code, body)
	}
	if got, err := app.FindRecordById("members", m.Id); err != nil || got.GetString(members.FieldStatus) != members.StatusErased {
		t.Errorf("member after the superuser's approval: %v %v", got, err)
	}
}
