package selfservice_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"memberbase/internal/selfservice"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// until is how the mails word a link's expiry.
func until(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") }

// to returns the one mail of msgs sent to addr alone whose subject starts
// with subject ("" for any), failing when there is not exactly one.
func to(t *testing.T, msgs []smtptest.Mail, addr string, subject ...string) smtptest.Mail {
	t.Helper()
	var found []smtptest.Mail
	for _, m := range msgs {
		if slices.Equal(m.To, []string{addr}) && (len(subject) == 0 || strings.HasPrefix(m.Subject, subject[0])) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d mails to %s %v, want one", len(found), addr, subject)
	}
	return found[0]
}

// A manage link reaches the member's mailbox, with a working link and the
// moment it stops working; asking with a stranger's address sends nothing
// anywhere, so the lookup form cannot tell whose address is a member's.
func TestManageLinkMailReachesOnlyTheMember(t *testing.T) {
	l, srv := newMailLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.askManage("nobody@example.org")
	l.askManage("ada@example.org")
	msgs := received(t, srv, 1)
	if n := len(l.mails(selfservice.MailManageLink)); n != 1 || len(msgs) != 1 {
		t.Fatalf("manage_link mails: %d queued, %d delivered, want 1", n, len(msgs))
	}
	m := msgs[0]
	if !slices.Equal(m.To, []string{"ada@example.org"}) {
		t.Fatalf("manage link sent to %v", m.To)
	}
	if !strings.Contains(m.Text, "works until "+until(l.clock.Now().Add(24*time.Hour))) {
		t.Errorf("manage link mail does not say when it expires:\n%s", m.Text)
	}
	tok := mailToken.FindStringSubmatch(m.Text)
	if tok == nil {
		t.Fatalf("no link in the mail:\n%s", m.Text)
	}
	if link, err := l.svc.Open(l.app, tok[1]); err != nil || link.Member.Id != ada.Id {
		t.Fatalf("the mailed link opens %v, %v", link, err)
	}
}

// An address change mails its confirmation to the new mailbox only; once
// confirmed, the old mailbox is told, with the new address masked and the
// privacy contact to write to if it was not the member.
func TestEmailChangeMailsTheNewThenTheOldMailbox(t *testing.T) {
	l, srv := newMailLinks(t)
	testapp.SaveMember(t, l.app, nil)
	// The outbox clears a sent mail's body: the links are read from the
	// mailboxes.
	l.askManage("ada@example.org")
	manage := mailToken.FindStringSubmatch(to(t, received(t, srv, 1), "ada@example.org").Text)
	if manage == nil {
		t.Fatal("no link in the manage link mail")
	}
	l.requestChange(manage[1], "grace@hopper.net")
	confirm := to(t, received(t, srv, 2), "grace@hopper.net")
	if !strings.Contains(confirm.Text, "works until "+until(l.clock.Now().Add(24*time.Hour))) {
		t.Fatalf("confirmation:\n%s", confirm.Text)
	}
	tok := mailToken.FindStringSubmatch(confirm.Text)
	if tok == nil {
		t.Fatalf("no link in the confirmation:\n%s", confirm.Text)
	}
	if err := l.svc.ConfirmEmailChange(l.app, tok[1]); err != nil {
		t.Fatal(err)
	}
	notice := to(t, received(t, srv, 3), "ada@example.org", "Your email address was changed")
	if !strings.Contains(notice.Text, "g***@h***.net") || !strings.Contains(notice.Text, "privacy@example.org") ||
		strings.Contains(notice.Text, "grace@hopper.net") {
		t.Errorf("notice text:\n%s", notice.Text)
	}
}
