package outbox_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// TestRowsBeingSentAtErasureAreRedactedWhenTheResultIsRecorded erases the
// address while its mail is in the SMTP conversation: the row keeps its
// recipient until the worker records the result, which then redacts it. A
// mail queued with Redact (the deletion-completed mail) is redacted once
// sent, recipient included; other rows to other addresses are untouched.
func TestRowsBeingSentAtErasureAreRedactedWhenTheResultIsRecorded(t *testing.T) {
	app, srv := newSMTPApp(t)
	last := msg(2)
	last.Redact, last.Sensitive = true, true
	enqueue(t, app, msg(1), last, msg(3))
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		if e.Message.To[0].Address == "member1@example.org" {
			if err := app.RunInTransaction(func(tx core.App) error {
				return outbox.RedactAddress(tx, "member1@example.org", time.Now())
			}); err != nil {
				t.Error(err)
			}
			if r := row(t, app, "test:1"); r.GetString("recipient") == "" || !r.GetBool("redact") {
				t.Errorf("row being sent: recipient %q redact %v, want kept and flagged", r.GetString("recipient"), r.GetBool("redact"))
			}
		}
		return e.Next()
	})
	startWorker(t, app, outbox.Options{})
	if err := srv.WaitFor(3, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "rows marked sent", func() bool { return countStatus(t, app, outbox.StatusSent) == 3 })
	for _, key := range []string{"test:1", "test:2"} {
		r := row(t, app, key)
		if r.GetString("recipient") != "" || r.GetString("subject") != "" || r.GetString("text_body") != "" || r.GetString("html_body") != "" {
			t.Errorf("%s after sending: %v, want redacted", key, r.FieldsData())
		}
	}
	if r := row(t, app, "test:3"); r.GetString("recipient") != "member3@example.org" || r.GetString("text_body") == "" {
		t.Errorf("unrelated row redacted: %v", r.FieldsData())
	}
}
