package selfservice_test

import (
	"errors"
	"testing"
	"time"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// lastUsed returns when member's manage link (there must be one) was last
// used, "" for never.
func (l *links) lastUsed(member string) string {
	l.t.Helper()
	r, err := l.app.FindFirstRecordByData(selfservice.LinksCollection, "member", member)
	if err != nil {
		l.t.Fatal(err)
	}
	return r.GetString("last_used_at")
}

// Opening a link (a GET, or a mail scanner following it) records nothing;
// a form sent through it records when it was used.
func TestOpeningALinkRecordsNothingUsingItDoes(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	tok := l.manageToken()
	if _, err := l.svc.Open(l.app, tok); err != nil {
		t.Fatal(err)
	}
	if got := l.lastUsed(ada.Id); got != "" {
		t.Fatalf("opening the link recorded a use at %s", got)
	}
	l.clock.Advance(time.Hour)
	if _, err := l.svc.UpdateDetails(l.app, tok, selfservice.Details{FirstName: "Ada", LastName: "King"}); err != nil {
		t.Fatal(err)
	}
	want := l.clock.Now().UTC().Format("2006-01-02 15:04:05.000Z")
	if got := l.lastUsed(ada.Id); got != want {
		t.Errorf("last_used_at %q, want %q", got, want)
	}
}

// Asking again mails a new link and the earlier one keeps working (the
// member may open either mail); a member who left can ask too.
func TestEveryManageLinkAskedForWorks(t *testing.T) {
	l := newLinks(t)
	testapp.SaveMember(t, l.app, map[string]any{"status": "cancelled"})
	l.askManage("ada@example.org")
	first := l.tokenTo(selfservice.MailManageLink, "ada@example.org")
	l.clock.Advance(time.Minute)
	l.askManage("ada@example.org")
	second := l.tokenTo(selfservice.MailManageLink, "ada@example.org")
	if first == second || len(l.mails(selfservice.MailManageLink)) != 2 {
		t.Fatalf("two requests gave %d mails", len(l.mails(selfservice.MailManageLink)))
	}
	for _, tok := range []string{first, second} {
		if _, err := l.svc.Open(l.app, tok); err != nil {
			t.Errorf("link %s…: %v", tok[:4], err)
		}
	}
}

// A token that is not shaped like one is gone, like an unknown one.
func TestMalformedTokenIsGone(t *testing.T) {
	l := newLinks(t)
	for _, tok := range []string{"", "short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!"} {
		if _, err := l.svc.Open(l.app, tok); !errors.Is(err, selfservice.ErrGone) {
			t.Errorf("Open(%q) = %v, want ErrGone", tok, err)
		}
		if _, err := l.svc.PendingEmailChange(l.app, tok); !errors.Is(err, selfservice.ErrGone) {
			t.Errorf("PendingEmailChange(%q) = %v, want ErrGone", tok, err)
		}
	}
}

// Bob's link changes Bob: a link only ever reaches the member it was
// mailed to, whoever else has links open.
func TestALinkChangesOnlyItsOwnMember(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	bob := testapp.SaveMember(t, l.app, map[string]any{"email": "bob@example.org", "first_name": "Bob"})
	l.manageToken()
	l.askManage("bob@example.org")
	tok := l.tokenTo(selfservice.MailManageLink, "bob@example.org")
	if _, err := l.svc.UpdateDetails(l.app, tok, selfservice.Details{FirstName: "Robert", LastName: "Lovelace"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	a, _ := l.app.FindRecordById("members", ada.Id)
	b, _ := l.app.FindRecordById("members", bob.Id)
	if a.GetString("first_name") != "Ada" || a.GetString("status") != "active" {
		t.Errorf("ada changed through bob's link: %s, %s", a.GetString("first_name"), a.GetString("status"))
	}
	if b.GetString("first_name") != "Robert" || b.GetString("status") != "cancelled" {
		t.Errorf("bob after his own link: %s, %s", b.GetString("first_name"), b.GetString("status"))
	}
	if bye := l.mails(selfservice.MailGoodbye); len(bye) != 1 || bye[0].GetString("recipient") != "bob@example.org" {
		t.Errorf("goodbye mails: %d", len(bye))
	}
}
