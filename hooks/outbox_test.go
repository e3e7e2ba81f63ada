package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// smtpApp is a test app whose mail goes to a real SMTP server (see
// internal/outbox tests for why the mailer has to be put back).
func smtpApp(t *testing.T) (*tests.TestApp, *smtptest.Server) {
	srv := smtptest.Start(t)
	app, _ := testapp.New(t, map[string]string{"SMTP_HOST": srv.Host, "SMTP_PORT": strconv.Itoa(srv.Port)})
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id: "test.real-smtp", Priority: -99990,
		Func: func(e *core.MailerEvent) error {
			e.Mailer = outbox.NewSMTPMailer(e.App, e.Message)
			return e.Next()
		},
	})
	return app, srv
}

func TestOutboxWorkerRunsFromServeToTerminateAndWakesAfterCommit(t *testing.T) {
	app, srv := smtpApp(t)
	o, err := outbox.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	testapp.Mux(t, app)
	if !o.Worker.Running() {
		t.Fatal("worker not started by OnServe")
	}
	found := false
	for _, j := range app.Cron().Jobs() {
		found = found || j.Id() == "memberbase.outbox.retention"
	}
	if !found {
		t.Error("retention job not scheduled")
	}
	time.Sleep(50 * time.Millisecond) // the start-up claim has run
	err = app.RunInTransaction(func(tx core.App) error {
		return o.Queue(tx, "member_id", "ada@example.org", "member_id:test", true,
			map[string]any{"FirstName": "Ada", "MemberID": "M-000001", "CardToken": ""})
	})
	if err != nil {
		t.Fatal(err)
	}
	// The idle poll is 30 s: delivery within a few seconds means the commit
	// woke the worker.
	if err := srv.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages()[0]
	if !strings.Contains(m.Text, "M-000001") || !strings.Contains(m.Subject, "member ID") {
		t.Errorf("mail subject=%q text=%q", m.Subject, m.Text)
	}
	err = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return nil })
	if err != nil || o.Worker.Running() {
		t.Fatalf("worker still running after OnTerminate (err %v)", err)
	}
}

func patchStatus(t *testing.T, mux http.Handler, token, id, status string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPatch, "/api/collections/email_outbox/records/"+id,
		strings.NewReader(`{"status":"`+status+`"}`))
	req.Host = "localhost" // httptest's example.com is not an allowed host
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

func TestDashboardRequeueAndCancel(t *testing.T) {
	app, srv := smtpApp(t)
	mux := testapp.Mux(t, app)
	su, err := superuser(app)
	if err != nil {
		t.Fatal(err)
	}
	token, err := su.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	add := func(key, status string, sensitive bool, body string, next ...string) *core.Record {
		col, _ := app.FindCollectionByNameOrId(outbox.Collection)
		r := core.NewRecord(col)
		r.Load(map[string]any{"recipient": "ada@example.org", "kind": "test", "subject": "s " + key,
			"text_body": body, "html_body": body, "sensitive": sensitive, "status": status,
			"attempts": 8, "dedupe_key": key, "last_error": "550 gone"})
		if len(next) > 0 {
			r.Set("next_attempt_at", next[0])
		}
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	cleared := add("cleared", outbox.StatusFailed, true, "")
	plain := add("plain", outbox.StatusFailed, false, "hello")
	// Not due for years: the running worker leaves it alone.
	later := add("later", outbox.StatusQueued, false, "hello", "2999-01-01 00:00:00.000Z")

	if rec := patchStatus(t, mux, token, cleared.Id, "queued"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "cannot be sent again") {
		t.Errorf("requeue of a cleared sensitive mail: %d %s", rec.Code, rec.Body.String())
	}
	if r, _ := app.FindRecordById(outbox.Collection, cleared.Id); r.GetString("status") != outbox.StatusFailed {
		t.Errorf("refused row changed to %s", r.GetString("status"))
	}
	if rec := patchStatus(t, mux, token, plain.Id, "sent"); rec.Code != http.StatusBadRequest {
		t.Errorf("setting sent by hand: %d", rec.Code)
	}
	if rec := patchStatus(t, mux, token, plain.Id, "queued"); rec.Code != http.StatusOK {
		t.Fatalf("requeue: %d %s", rec.Code, rec.Body.String())
	}
	if err := srv.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err) // the update woke the worker
	}
	if n := srv.Messages()[0].Subject; n != "s plain" {
		t.Errorf("sent %q", n)
	}
	eventually(t, func() bool {
		r, _ := app.FindRecordById(outbox.Collection, plain.Id)
		return r.GetString("status") == outbox.StatusSent && r.GetInt("attempts") == 1
	})
	if rec := patchStatus(t, mux, token, later.Id, "cancelled"); rec.Code != http.StatusOK {
		t.Fatalf("cancel: %d %s", rec.Code, rec.Body.String())
	}
	time.Sleep(200 * time.Millisecond)
	if srv.Count() != 1 {
		t.Errorf("%d mails sent, want only the requeued one", srv.Count())
	}
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
	}
}

func superuser(app core.App) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, err
	}
	su := core.NewRecord(col)
	su.SetEmail("admin@example.org")
	su.SetPassword("a-long-test-password")
	return su, app.Save(su)
}
