package selfservice_test

import (
	"errors"
	"testing"
	"time"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// manageToken gives ada@example.org's member a manage link and returns it.
func (l *links) manageToken() string {
	l.t.Helper()
	l.askManage("ada@example.org")
	return l.tokenTo(selfservice.MailManageLink, "ada@example.org")
}

// requestChange asks through the manage link to move to newEmail and lets
// the intake worker mail the confirmation.
func (l *links) requestChange(manage, newEmail string) {
	l.t.Helper()
	if err := l.svc.RequestEmailChange(l.app, manage, newEmail); err != nil {
		l.t.Fatal(err)
	}
	l.drain()
}

// An address change is mailed to the new address; confirming it moves the
// member there (proven now), tells the old address, and works once.
func TestEmailChangeIsConfirmedFromTheNewMailbox(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "grace@hopper.net")
	tok := l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")
	p, err := l.svc.PendingEmailChange(l.app, tok)
	if err != nil || p.OldMasked == "" || p.NewMasked == "" || p.OldMasked == p.NewMasked {
		t.Fatalf("PendingEmailChange = %+v, %v", p, err)
	}
	l.clock.Advance(time.Hour)
	if err := l.svc.ConfirmEmailChange(l.app, tok); err != nil {
		t.Fatal(err)
	}
	m, err := l.app.FindRecordById("members", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("email") != "grace@hopper.net" || !m.GetDateTime("email_verified_at").Time().Equal(l.clock.Now()) {
		t.Errorf("member after the change: %s verified %v (now %v)", m.GetString("email"), m.GetDateTime("email_verified_at"), l.clock.Now())
	}
	if n := len(l.mails(selfservice.MailEmailChanged)); n != 1 || l.mails(selfservice.MailEmailChanged)[0].GetString("recipient") != "ada@example.org" {
		t.Errorf("notices to the old address: %d", n)
	}
	if err := l.svc.ConfirmEmailChange(l.app, tok); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("second confirmation: %v, want ErrGone", err)
	}
}

// Asking to move to the address the member already has mails nothing.
func TestEmailChangeToTheSameAddressMailsNothing(t *testing.T) {
	l := newLinks(t)
	testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "ada@example.org")
	if n := len(l.mails(selfservice.MailEmailConfirm)); n != 0 {
		t.Errorf("%d confirmation mails for the member's own address", n)
	}
}

// An address another member holds at confirmation is refused and nothing
// changes: the member keeps the old address and can still confirm nothing
// else with that link.
func TestEmailChangeToATakenAddressIsRefused(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "bob@example.org")
	tok := l.tokenTo(selfservice.MailEmailConfirm, "bob@example.org")
	testapp.SaveMember(t, l.app, map[string]any{"email": "bob@example.org"})
	if err := l.svc.ConfirmEmailChange(l.app, tok); !errors.Is(err, selfservice.ErrTaken) {
		t.Fatalf("ConfirmEmailChange = %v, want ErrTaken", err)
	}
	m, err := l.app.FindRecordById("members", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("email") != "ada@example.org" || len(l.mails(selfservice.MailEmailChanged)) != 0 {
		t.Errorf("after a refused change: %s, %d notices", m.GetString("email"), len(l.mails(selfservice.MailEmailChanged)))
	}
}

// A change link works for a day, like the manage link.
func TestEmailChangeLinkWorksForADay(t *testing.T) {
	l := newLinks(t)
	testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "grace@hopper.net")
	tok := l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")
	// Stored to the millisecond: it still works in the last one.
	l.clock.Advance(24*time.Hour - time.Millisecond)
	if _, err := l.svc.PendingEmailChange(l.app, tok); err != nil {
		t.Fatalf("a millisecond before its expiry: %v", err)
	}
	l.clock.Advance(time.Millisecond)
	if err := l.svc.ConfirmEmailChange(l.app, tok); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("at its expiry: %v, want ErrGone", err)
	}
}
