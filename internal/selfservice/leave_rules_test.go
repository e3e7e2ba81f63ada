package selfservice_test

import (
	"errors"
	"testing"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// Leaving is audited as the member's own act, stamps when they left, and a
// reason outside the list is refused with nothing written.
func TestLeavingIsTheMembersOwnAct(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	tok := l.manageToken()
	_, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Reason: "bored", Confirmed: true})
	var errs validation.Errors
	if !errors.As(err, &errs) || errs["leave_reason"] == nil {
		t.Fatalf("unknown reason: %v", err)
	}
	if m, _ := l.app.FindRecordById("members", ada.Id); m.GetString("status") != "active" || l.lastUsed(ada.Id) != "" {
		t.Fatalf("a refused leave wrote: %s, link used %q", m.GetString("status"), l.lastUsed(ada.Id))
	}
	var before int
	if err := l.app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log").Row(&before); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Reason: "moving", Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	m, _ := l.app.FindRecordById("members", ada.Id)
	if m.GetString("status") != "cancelled" || m.GetString("leave_reason") != "moving" || m.GetDateTime("left_at").IsZero() {
		t.Errorf("after leaving: %s, %q, left %v", m.GetString("status"), m.GetString("leave_reason"), m.GetDateTime("left_at"))
	}
	var actors []struct {
		Type string `db:"actor_type"`
		ID   string `db:"actor"`
	}
	if err := l.app.DB().NewQuery("SELECT actor_type, actor FROM audit_log WHERE seq > {:s} AND target = 'members' AND action = 'update'").
		Bind(map[string]any{"s": before}).All(&actors); err != nil {
		t.Fatal(err)
	}
	if len(actors) != 1 || actors[0].Type != "member" || actors[0].ID != ada.Id {
		t.Errorf("audit of leaving: %+v, want one by the member", actors)
	}
}

// A member who rejoined and leaves again through the same link is said
// goodbye again: each leaving gets its own mail.
func TestLeavingAgainSaysGoodbyeAgain(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	tok := l.manageToken()
	if _, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	m, _ := l.app.FindRecordById("members", ada.Id)
	m.Set("status", "active")
	if err := l.app.Save(m); err != nil {
		t.Fatal(err)
	}
	l.clock.Advance(time.Minute)
	if _, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(l.mails(selfservice.MailGoodbye)); n != 2 {
		t.Errorf("goodbye mails: %d, want one per leaving", n)
	}
}

// A leave form sent twice (a double click, the browser's back button) ends
// the membership once and says goodbye once.
func TestLeavingTwiceSaysGoodbyeOnce(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	tok := l.manageToken()
	for range 2 {
		if _, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Reason: "cost", Confirmed: true}); err != nil {
			t.Fatal(err)
		}
		l.clock.Advance(time.Second)
	}
	if n := len(l.mails(selfservice.MailGoodbye)); n != 1 {
		t.Errorf("goodbye mails: %d, want 1", n)
	}
	if m, _ := l.app.FindRecordById("members", ada.Id); m.GetString("status") != "cancelled" {
		t.Errorf("status %s", m.GetString("status"))
	}
}
