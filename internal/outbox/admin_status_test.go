package outbox_test

import (
	"strings"
	"testing"

	"memberbase/internal/outbox"
)

// An admin who requeues a failed mail gets it sent again, with a fresh
// retry budget.
func TestRequeuedFailedMailIsSentAgain(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetReject(550)
	enqueue(t, app, msg(1))
	w := startWorker(t, app, outbox.Options{MaxAttempts: 1})
	eventually(t, "failed", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusFailed })
	srv.SetReject(0)
	r := row(t, app, "test:1")
	r.Set("status", outbox.StatusQueued)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if r := row(t, app, "test:1"); r.GetInt("attempts") != 0 || r.GetString("next_attempt_at") != "" {
		t.Errorf("requeued: attempts=%d next=%q", r.GetInt("attempts"), r.GetString("next_attempt_at"))
	}
	w.Wake()
	eventually(t, "sent", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSent })
	if srv.Count() != 1 {
		t.Fatalf("deliveries %d", srv.Count())
	}
}

// Saving a row without changing its status (an admin fixing a typo in the
// subject of a failed mail) is allowed and leaves its retry state alone.
func TestEditKeepingTheStatusIsAllowed(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetReject(550)
	enqueue(t, app, msg(1))
	startWorker(t, app, outbox.Options{MaxAttempts: 1})
	eventually(t, "failed", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusFailed })
	r := row(t, app, "test:1")
	r.Set("subject", "corrected subject")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if r := row(t, app, "test:1"); r.GetString("status") != outbox.StatusFailed || r.GetInt("attempts") != 1 || r.GetString("subject") != "corrected subject" {
		t.Errorf("status=%s attempts=%d subject=%q", r.GetString("status"), r.GetInt("attempts"), r.GetString("subject"))
	}
}

// The statuses that record a send's outcome belong to the worker: an admin
// cannot mark a mail sent, failed or sending.
func TestAdminCannotSetAWorkerStatus(t *testing.T) {
	app, _ := newSMTPApp(t)
	enqueue(t, app, msg(1))
	for _, to := range []string{outbox.StatusSent, outbox.StatusFailed, outbox.StatusSending} {
		r := row(t, app, "test:1")
		r.Set("status", to)
		if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "Only the mail worker") {
			t.Errorf("%s: err=%v", to, err)
		}
	}
	if s := row(t, app, "test:1").GetString("status"); s != outbox.StatusQueued {
		t.Fatalf("status %s", s)
	}
}

// A mail missing either part cannot be requeued, sensitive or not.
func TestRequeueNeedsBothParts(t *testing.T) {
	app, _ := newSMTPApp(t)
	enqueue(t, app, msg(1), msg(2))
	for _, key := range []string{"test:1", "test:2"} {
		r := row(t, app, key)
		r.Set("status", outbox.StatusCancelled)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	setBodies(t, app, "test:1", "text only", "")
	setBodies(t, app, "test:2", "", "<p>html only</p>")
	for _, key := range []string{"test:1", "test:2"} {
		r := row(t, app, key)
		r.Set("status", outbox.StatusQueued)
		if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "no body left") {
			t.Errorf("%s: err=%v", key, err)
		}
	}
}

// A row deleted after it was loaded is not silently written back.
func TestStatusChangeOfADeletedRowFails(t *testing.T) {
	app, _ := newSMTPApp(t)
	enqueue(t, app, msg(1))
	r := row(t, app, "test:1")
	if _, err := app.DB().NewQuery(`DELETE FROM email_outbox`).Execute(); err != nil {
		t.Fatal(err)
	}
	r.Set("status", outbox.StatusCancelled)
	if err := outbox.CheckStatusChange(app, r); err == nil || !strings.Contains(err.Error(), "stored status") {
		t.Fatalf("err=%v", err)
	}
}
