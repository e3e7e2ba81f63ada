package privacy_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// confirmedDeletion asks for the deletion of grace@example.org's data,
// confirms it through the mailed link and returns the request.
func (e *env) confirmedDeletion() *core.Record {
	e.t.Helper()
	e.ask(intake.KindDeletion, "grace@example.org")
	var link mail
	for _, m := range e.mails() {
		if m.Kind == privacy.MailPrivacyConfirm {
			link = m
		}
	}
	if !strings.Contains(link.Text, "delete your membership data") || link.Recipient != "grace@example.org" {
		e.t.Fatalf("deletion confirmation mail: %+v", link)
	}
	if err := e.svc.Confirm(e.app, e.tokenIn(link)); err != nil {
		e.t.Fatal(err)
	}
	reqs := e.requests()
	return reqs[len(reqs)-1]
}

// decide moves a request to status as a superuser would in the dashboard.
func (e *env) decide(r *core.Record, status, reason string) error {
	fresh := e.reload(r)
	fresh.Set("status", status)
	fresh.Set("reason", reason)
	privacy.SetActor(fresh, "su_test_id")
	return e.app.Save(fresh)
}

func TestDeletionFlowFromTheMailLinkToAnErasedRecord(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org", "first_name": "Grace", "last_name": "Hopper"})
	e.ask(intake.KindDeletion, "nobody@example.org") // not a member: nothing at all
	if n := len(e.mails()); n != 0 {
		t.Fatalf("%d mails for a non-member", n)
	}
	req := e.confirmedDeletion()
	if req.GetString("status") != privacy.StatusConfirmed ||
		!req.GetDateTime("due_at").Time().Equal(e.clock.Now().Add(privacy.DeletionDue).Truncate(time.Millisecond)) {
		t.Fatalf("confirmed request: status %s due %s", req.GetString("status"), req.GetDateTime("due_at"))
	}
	if err := e.decide(req, privacy.StatusApproved, ""); err != nil {
		t.Fatal(err)
	}
	got, err := e.app.FindRecordById("members", m.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString("status") != members.StatusErased || got.GetString("member_id") != m.GetString("member_id") ||
		got.GetString("email") != "" || got.GetString("last_name") != "" {
		t.Errorf("member after approval: %v", got.FieldsData())
	}
	if n := e.count("members", "member_id = {:id}", dbx.Params{"id": m.GetString("member_id")}); n != 1 {
		t.Errorf("%d members hold the member ID", n)
	}
	if ev := e.events(req.Id); strings.Join(ev, " ") != ">awaiting_confirmation:system awaiting_confirmation>confirmed:member confirmed>approved:su_test_id approved>completed:system" {
		t.Errorf("events %v", ev)
	}
	if n := e.count("privacy_requests", "kind = 'deletion'", nil); n != 1 {
		t.Errorf("%d deletion requests, want the one asked for", n)
	}
	// The confirmation mail's row is redacted; the completion mail waits
	// with its address until it is sent, then loses it.
	if n := e.count("email_outbox", "recipient = 'grace@example.org' AND kind != 'deletion_completed'", nil); n != 0 {
		t.Errorf("%d outbox rows still name the address", n)
	}
	w := outbox.NewWorker(e.app, outbox.Options{Interval: 20 * time.Millisecond})
	w.Start()
	t.Cleanup(func() {
		// Not t.Context(): it is cancelled before cleanups run.
		if err := w.Stop(context.Background()); err != nil {
			t.Errorf("stop the outbox worker: %v", err)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for e.count("email_outbox", "kind = 'deletion_completed' AND status = 'sent'", nil) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the completion mail was not sent")
		}
		time.Sleep(20 * time.Millisecond)
	}
	var delivered bool
	for _, msg := range e.app.TestMailer.Messages() {
		if msg.To[0].Address == "grace@example.org" && strings.Contains(msg.Text, m.GetString("member_id")) {
			delivered = true
		}
	}
	if !delivered {
		t.Error("the completion mail did not reach the member")
	}
	if n := e.count("email_outbox", "kind = 'deletion_completed' AND (recipient != '' OR text_body != '' OR subject != '')", nil); n != 0 {
		t.Error("the completion mail's row is not redacted after sending")
	}
	// The address joins again and gets a new number.
	again := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	if again.GetString("member_id") == m.GetString("member_id") || again.GetString("member_id") == "" {
		t.Errorf("new join got member ID %q", again.GetString("member_id"))
	}
}

func TestDeletionRejectionNeedsAReasonAndMailsIt(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	req := e.confirmedDeletion()
	if err := e.decide(req, privacy.StatusRejected, "  "); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Fatalf("rejection without a reason: %v", err)
	}
	if s := e.reload(req).GetString("status"); s != privacy.StatusConfirmed {
		t.Fatalf("status %s after a refused rejection", s)
	}
	if err := e.decide(req, privacy.StatusRejected, "You still owe the March fee."); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, m := range e.mails() {
		if m.Kind == privacy.MailDeletionRejected && m.Recipient == "grace@example.org" && strings.Contains(m.Text, "You still owe the March fee.") {
			found = true
		}
	}
	if !found {
		t.Errorf("no rejection mail with the reason in %+v", e.mails())
	}
}

func TestDeletionOutOfOrderTransitionsAreRefusedForSuperusers(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	awaiting := e.newRequest(privacy.KindDeletion, m.Id)
	for _, to := range []string{privacy.StatusApproved, privacy.StatusCompleted, privacy.StatusRejected} {
		if err := e.decide(awaiting, to, "x"); err == nil {
			t.Errorf("awaiting → %s accepted", to)
		}
	}
	req := e.confirmedDeletion()
	if err := e.decide(req, privacy.StatusCompleted, ""); err == nil {
		t.Error("confirmed → completed accepted from a superuser")
	}
	if err := e.decide(req, privacy.StatusApproved, ""); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{privacy.StatusApproved, privacy.StatusRejected, privacy.StatusConfirmed} {
		if err := e.decide(req, to, "x"); err == nil {
			t.Errorf("completed → %s accepted", to)
		}
	}
}

func TestDeletionAutoApprovalWithAnInjectedClock(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	req := e.confirmedDeletion()
	if n, err := e.svc.AutoApprove(e.app, 0); err != nil || n != 0 {
		t.Fatalf("auto-approval off: %d %v", n, err)
	}
	e.clock.Advance(167 * time.Hour)
	if n, err := e.svc.AutoApprove(e.app, 168*time.Hour); err != nil || n != 0 {
		t.Fatalf("before the period: %d %v", n, err)
	}
	e.clock.Advance(2 * time.Hour)
	if n, err := e.svc.AutoApprove(e.app, 168*time.Hour); err != nil || n != 1 {
		t.Fatalf("after the period: %d %v", n, err)
	}
	if s := e.reload(req).GetString("status"); s != privacy.StatusCompleted {
		t.Errorf("request %s, want completed", s)
	}
	if got, _ := e.app.FindRecordById("members", m.Id); got.GetString("status") != members.StatusErased {
		t.Error("member not erased by the auto-approval")
	}
	if ev := e.events(req.Id); !strings.Contains(strings.Join(ev, " "), "confirmed>approved:system") {
		t.Errorf("events %v", ev)
	}
}

func TestDeletingAMemberCleansUpAndCompletesItsDeletion(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	req := e.confirmedDeletion()
	if err := e.app.Delete(m); err != nil {
		t.Fatal(err)
	}
	if s := e.reload(req).GetString("status"); s != privacy.StatusCompleted {
		t.Errorf("request %s after the member delete, want completed", s)
	}
	if ev := e.events(req.Id); !strings.Contains(strings.Join(ev, " "), "confirmed>completed:system") {
		t.Errorf("events %v", ev)
	}
	if n := e.count("email_outbox", "recipient = 'grace@example.org' OR status = 'queued'", nil); n != 0 {
		t.Errorf("%d outbox rows still name or wait for the address", n)
	}
}
