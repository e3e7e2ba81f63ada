package outbox_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// A row the worker has claimed stays the worker's, even when the record
// being saved was loaded before the claim.
func TestStatusChangesAwayFromSendingAreRefused(t *testing.T) {
	app, _ := newSMTPApp(t)
	enqueue(t, app, msg(1))
	stale := row(t, app, "test:1") // loaded while queued
	if n, err := outbox.NewWorker(app, outbox.Options{}).ClaimOnly(1); err != nil || n != 1 {
		t.Fatalf("claim: n=%d err=%v", n, err)
	}
	fresh := row(t, app, "test:1")
	for _, tc := range []struct {
		name string
		to   string
		rec  func() *core.Record
	}{
		{"requeue", outbox.StatusQueued, func() *core.Record { return fresh.Fresh() }},
		{"cancel", outbox.StatusCancelled, func() *core.Record { return fresh.Fresh() }},
		{"cancel, loaded before the claim", outbox.StatusCancelled, func() *core.Record { return stale.Fresh() }},
		{"edit, loaded before the claim", outbox.StatusQueued, func() *core.Record { r := stale.Fresh(); r.Set("subject", "edited"); return r }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.rec()
			r.Set("status", tc.to)
			err := app.Save(r)
			if err == nil || !strings.Contains(err.Error(), "being sent") {
				t.Fatalf("err=%v", err)
			}
			if got := row(t, app, "test:1"); got.GetString("status") != outbox.StatusSending || got.GetString("lease_until") == "" || got.GetString("subject") != "message 1" {
				t.Errorf("refused change was written: status=%s lease=%q subject=%q", got.GetString("status"), got.GetString("lease_until"), got.GetString("subject"))
			}
		})
	}
}

func TestCancellingASensitiveMailClearsItsBodies(t *testing.T) {
	app, _ := newSMTPApp(t)
	secret, plain := msg(1), msg(2)
	secret.Sensitive = true
	enqueue(t, app, secret, plain)
	for _, key := range []string{"test:1", "test:2"} {
		r := row(t, app, key)
		r.Set("status", outbox.StatusCancelled)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if r := row(t, app, "test:1"); r.GetString("status") != outbox.StatusCancelled || r.GetString("text_body") != "" || r.GetString("html_body") != "" {
		t.Errorf("cancelled sensitive row: status=%s text=%q html=%q", r.GetString("status"), r.GetString("text_body"), r.GetString("html_body"))
	}
	if r := row(t, app, "test:2"); r.GetString("text_body") == "" || r.GetString("html_body") == "" {
		t.Error("a cancelled non-sensitive mail lost its bodies")
	}
	// Nothing left to send: it cannot be requeued.
	r := row(t, app, "test:1")
	r.Set("status", outbox.StatusQueued)
	if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "cannot be sent again") {
		t.Fatalf("requeue of a cancelled sensitive mail: err=%v", err)
	}
}
