package hooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"memberbase/internal/join"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// rest sends a JSON request to srv with an auth token and returns the
// status and body.
func rest(t *testing.T, srv string, method, path, tok, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestAdminApprovalMailsTheMemberAndRefusalDoesNot(t *testing.T) {
	app, smtp := smtpApp(t)
	root := testapp.Superuser(t, app)
	srv := testapp.Serve(t, app)
	approve := testapp.SaveMember(t, app, map[string]any{"email": "approve@example.org", "first_name": "Grace", "status": "pending_approval"})
	refuse := testapp.SaveMember(t, app, map[string]any{"email": "refuse@example.org", "status": "pending_approval"})
	other := testapp.SaveMember(t, app, map[string]any{"email": "other@example.org"})

	rec := "/api/collections/members/records/"
	for id, status := range map[string]string{approve.Id: "active", refuse.Id: "cancelled", other.Id: "lapsed"} {
		if code, body := rest(t, srv.URL, "PATCH", rec+id, root, `{"status":"`+status+`"}`); code != 200 {
			t.Fatalf("dashboard change to %s: %d %s", status, code, body)
		}
	}
	if err := smtp.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // a second mail would have been sent by now
	msgs := smtp.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "approve@example.org" || !strings.Contains(msgs[0].Text, "Hello Grace") ||
		!strings.Contains(msgs[0].Text, approve.GetString("member_id")) || !strings.Contains(msgs[0].Subject, "is active") {
		t.Fatalf("%d mails, first %+v", len(msgs), msgs[0])
	}
	rows, _ := app.FindRecordsByFilter(outbox.Collection, "kind = 'membership_approved'", "", 0, 0)
	if len(rows) != 1 || strings.Contains(rows[0].GetString("dedupe_key"), "@") || rows[0].GetString("text_body") != "" {
		t.Error("one sensitive approval mail, cleared once sent, with no address in its key")
	}

	// Go code approving a fetched record mails too; a save that does not
	// change the status does not.
	again := testapp.SaveMember(t, app, map[string]any{"email": "go@example.org", "status": "pending_approval"})
	r, _ := app.FindRecordById("members", again.Id)
	r.Set("status", "active")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set("phone", "123")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if rows, _ := app.FindRecordsByFilter(outbox.Collection, "kind = 'membership_approved'", "", 0, 0); len(rows) != 2 {
		t.Errorf("%d approval mails, want 2", len(rows))
	}
}

func TestPublishedConsentTextsNeverChange(t *testing.T) {
	app, _ := testapp.New(t, nil)
	root := testapp.Superuser(t, app)
	srv := testapp.Serve(t, app)
	v1, err := app.FindFirstRecordByData(join.ConsentCollection, "version", "1")
	if err != nil {
		t.Fatal("version 1 is not seeded")
	}
	if v1.GetString("statement") == "" || v1.GetString("marketing_statement") == "" || v1.GetDateTime("published_at").IsZero() {
		t.Errorf("seeded text: %v", v1.PublicExport())
	}
	base := "/api/collections/consent_texts/records"
	if code, body := rest(t, srv.URL, "PATCH", base+"/"+v1.Id, root, `{"statement":"changed"}`); code != 400 || !strings.Contains(body, "publish a new version") {
		t.Errorf("editing a published text: %d %s", code, body)
	}
	if code, _ := rest(t, srv.URL, "DELETE", base+"/"+v1.Id, root, ""); code != 400 {
		t.Errorf("deleting a published text: %d", code)
	}
	if r, _ := app.FindRecordById(join.ConsentCollection, v1.Id); r == nil || r.GetString("statement") != v1.GetString("statement") {
		t.Fatal("the published text changed")
	}

	// A draft (published in the future) can be edited, and guests do not see it.
	future := time.Now().Add(48 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	code, body := rest(t, srv.URL, "POST", base, root, `{"version":"2026-01","statement":"Draft","published_at":"`+future+`"}`)
	if code != 200 {
		t.Fatalf("create draft: %d %s", code, body)
	}
	var draft struct{ ID string }
	_ = json.Unmarshal([]byte(body), &draft)
	if code, body := rest(t, srv.URL, "PATCH", base+"/"+draft.ID, root, `{"statement":"Draft, reworded"}`); code != 200 {
		t.Errorf("editing a draft: %d %s", code, body)
	}
	if code, body := rest(t, srv.URL, "GET", base, "", ""); code != 200 || !strings.Contains(body, `"totalItems":1`) || strings.Contains(body, "Draft") {
		t.Errorf("guest list: %d %s", code, body)
	}
	if code, _ := rest(t, srv.URL, "POST", base, "", `{"version":"x","statement":"y"}`); code == 200 {
		t.Error("a guest created a consent text")
	}
	if code, _ := rest(t, srv.URL, "POST", base, root, `{"version":"1","statement":"again"}`); code != 400 {
		t.Error("a second version 1 was accepted")
	}
}

func TestJoinExpiryIsScheduled(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.Mux(t, app)
	found := false
	for _, j := range app.Cron().Jobs() {
		found = found || j.Id() == "memberbase.join.expiry"
	}
	if !found {
		t.Error("join expiry job not scheduled")
	}
	if _, err := join.FromApp(app); err != nil {
		t.Error(err)
	}
}
