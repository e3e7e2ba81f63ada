package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestEndpointFailingFiveDaysIsDeactivatedAndAdminsMailed: the first
// failure starts failing_since; a failure short of five days later keeps
// the endpoint; one at five days turns it off and queues the admins' mail
// (once), with an injected clock.
func TestEndpointFailingFiveDaysIsDeactivatedAndAdminsMailed(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.Superuser(t, app)
	rcv := newReceiver(t, http.StatusServiceUnavailable)
	h := addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated, webhooks.EventMemberUpdated)
	testapp.SaveMember(t, app, nil)
	c := newClock()
	var deactivated []string
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true, OnDeactivated: func(id string) { deactivated = append(deactivated, id) }})

	drain(w)
	start := c.Now()
	h, _ = app.FindRecordById(webhooks.Collection, h.Id)
	if !h.GetDateTime("failing_since").Time().Equal(start) || !h.GetBool("active") {
		t.Fatalf("after the first failure: failing_since %s, active %v", h.GetDateTime("failing_since"), h.GetBool("active"))
	}

	c.Add(5*24*time.Hour - time.Minute)
	setAllDue(t, app)
	drain(w)
	h, _ = app.FindRecordById(webhooks.Collection, h.Id)
	if !h.GetBool("active") || !h.GetDateTime("failing_since").Time().Equal(start) {
		t.Fatal("deactivated before five days")
	}

	c.Add(time.Minute)
	setAllDue(t, app)
	drain(w)
	h, _ = app.FindRecordById(webhooks.Collection, h.Id)
	if h.GetBool("active") {
		t.Fatal("still active after five days failing")
	}
	if len(deactivated) != 1 || deactivated[0] != h.Id {
		t.Errorf("OnDeactivated told %v", deactivated)
	}
	var mails []struct {
		Recipient string `db:"recipient"`
		Subject   string `db:"subject"`
	}
	if err := app.DB().Select("recipient", "subject").From("email_outbox").
		Where(dbx.HashExp{"kind": webhooks.MailDeactivated}).All(&mails); err != nil {
		t.Fatal(err)
	}
	if len(mails) != 1 || mails[0].Recipient != "root@example.org" {
		t.Fatalf("admin mails %+v", mails)
	}

	// An inactive endpoint's deliveries wait: nothing is claimed.
	c.Add(24 * time.Hour)
	setAllDue(t, app)
	if n := drain(w); n != 0 {
		t.Errorf("%d deliveries posted to an inactive endpoint", n)
	}
}

// TestSuccessClearsFailingSince: one delivery getting through ends the
// failure run.
func TestSuccessClearsFailingSince(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusInternalServerError)
	h := addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})
	drain(w)
	rcv.mu.Lock()
	rcv.status = http.StatusOK
	rcv.mu.Unlock()
	c.Add(time.Minute)
	drain(w)
	h, _ = app.FindRecordById(webhooks.Collection, h.Id)
	if !h.GetDateTime("failing_since").IsZero() {
		t.Errorf("failing_since %s after a success", h.GetDateTime("failing_since"))
	}
	if d := deliveries(t, app)[0]; d.Status != webhooks.StatusDelivered || d.Attempts != 2 {
		t.Errorf("delivery %+v", d)
	}
}
