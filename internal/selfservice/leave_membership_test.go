package selfservice_test

import (
	"errors"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// Leaving through a manage link cancels the membership with the reason and
// note given and queues the goodbye mail; a form with a problem changes
// nothing and mails nothing.
func TestLeavingCancelsTheMembershipAndSaysGoodbye(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	tok := l.manageToken()

	_, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Reason: "cost"})
	var errs validation.Errors
	if !errors.As(err, &errs) || errs["confirm"] == nil {
		t.Fatalf("leave without the box: %v, want a confirm error", err)
	}
	if m, _ := l.app.FindRecordById("members", ada.Id); m.GetString("status") != "active" || len(l.mails(selfservice.MailGoodbye)) != 0 {
		t.Fatalf("a refused leave wrote: status %s, %d goodbye mails", m.GetString("status"), len(l.mails(selfservice.MailGoodbye)))
	}

	saved, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Reason: "cost", Note: "Off to\nMars", Confirmed: true})
	if err != nil || saved == nil {
		t.Fatalf("LeaveMembership = %v, %v", saved, err)
	}
	m, err := l.app.FindRecordById("members", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("status") != "cancelled" || m.GetString("leave_reason") != "cost" || m.GetString("leave_note") != "Off to Mars" {
		t.Errorf("member after leaving: %s, %q, %q", m.GetString("status"), m.GetString("leave_reason"), m.GetString("leave_note"))
	}
	if bye := l.mails(selfservice.MailGoodbye); len(bye) != 1 || bye[0].GetString("recipient") != "ada@example.org" {
		t.Errorf("goodbye mails: %d", len(bye))
	}
}
