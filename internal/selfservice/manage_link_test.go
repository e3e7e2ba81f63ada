package selfservice_test

import (
	"errors"
	"testing"
	"time"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// A manage link is mailed to a member who asks for one, and to nobody else:
// an address without a member gets no mail at all.
func TestManageLinkIsMailedOnlyToAMember(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.askManage("ada@example.org")
	l.askManage("nobody@example.org")
	mails := l.mails(selfservice.MailManageLink)
	if len(mails) != 1 || mails[0].GetString("recipient") != "ada@example.org" {
		t.Fatalf("manage_link mails: %d (want one, to the member)", len(mails))
	}
	link, err := l.svc.Open(l.app, l.tokenTo(selfservice.MailManageLink, "ada@example.org"))
	if err != nil || link.Member.Id != ada.Id {
		t.Fatalf("Open = %v, %v (want ada's link)", link, err)
	}
}

// A manage link works for a day (LinkTTL) from the moment it was asked for,
// and not a moment longer; a token that was never issued is gone too.
func TestManageLinkWorksForADay(t *testing.T) {
	l := newLinks(t)
	testapp.SaveMember(t, l.app, nil)
	l.askManage("ada@example.org")
	tok := l.tokenTo(selfservice.MailManageLink, "ada@example.org")
	if selfservice.LinkTTL != 24*time.Hour {
		t.Errorf("LinkTTL = %v, the mail and the privacy notice say a day", selfservice.LinkTTL)
	}
	// Stored to the millisecond: it still works in the last one.
	l.clock.Advance(selfservice.LinkTTL - time.Millisecond)
	if _, err := l.svc.Open(l.app, tok); err != nil {
		t.Fatalf("a millisecond before its expiry: %v", err)
	}
	l.clock.Advance(time.Millisecond)
	if _, err := l.svc.Open(l.app, tok); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("at its expiry: %v, want ErrGone", err)
	}
	if _, err := l.svc.Open(l.app, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("unknown token: %v, want ErrGone", err)
	}
}
