package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/announce"
	"memberbase/internal/testapp"
)

func announcementRequest(t *testing.T, mux http.Handler, token, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Host = "localhost"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

// An announcement written through REST is sent by the runner started in
// OnServe; the write is audited; a request cannot set the server's status.
func TestAnnouncementFromTheDashboardIsSent(t *testing.T) {
	app, srv := smtpApp(t)
	testapp.SaveMember(t, app, map[string]any{"email": "ada@example.org", "marketing_opt_in": true})
	testapp.SaveMember(t, app, map[string]any{"email": "bob@example.org", "marketing_opt_in": false})
	mux := testapp.Mux(t, app)
	token := adminToken(t, app)
	const path = "/api/collections/announcements/records"

	rec := announcementRequest(t, mux, token, http.MethodPost, path,
		`{"subject":"Summer party","body":"Come along!","audience":"marketing","status":"sending"}`)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status sending from a request: %d %s", rec.Code, rec.Body.String())
	}
	rec = announcementRequest(t, mux, token, http.MethodPost, path,
		`{"subject":"Summer party","body":"Come along!","audience":"marketing","status":"scheduled"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("create: %d %s", rec.Code, rec.Body.String())
	}
	if err := srv.WaitFor(1, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages()[0]
	if m.To[0] != "ada@example.org" || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("mail to %v headers %v", m.To, m.Header)
	}
	n, err := app.CountRecords("audit_log", dbx.HashExp{"target": announce.Collection, "action": "create"})
	if err != nil || n != 1 {
		t.Fatalf("audit rows for the create: %d (%v)", n, err)
	}
	if q, _ := app.CountRecords("email_outbox", dbx.HashExp{"kind": announce.MailKind}); q != 1 {
		t.Fatalf("%d announcement rows, want 1 (bob did not opt in)", q)
	}
}
