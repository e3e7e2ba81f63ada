package selfservice_test

import (
	"errors"
	"testing"
	"time"

	"memberbase/internal/intake"
	"memberbase/internal/privacy"
	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// Every link mailed to the old mailbox ends when the address changes (the
// old mailbox may be why it changed): manage links, other address changes,
// privacy confirmations and download links. Another member's links, and a
// privacy request with nothing open, stay as they were.
func TestAddressChangeEndsTheLinksOfTheOldMailbox(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	bob := testapp.SaveMember(t, l.app, map[string]any{"email": "bob@example.org"})
	manage := l.manageToken()
	l.askManage("bob@example.org")
	bobManage := l.tokenTo(selfservice.MailManageLink, "bob@example.org")
	l.requestChange(manage, "grace@hopper.net")
	l.requestChange(manage, "other@hopper.net")
	for _, who := range []string{"ada@example.org", "bob@example.org"} {
		for _, kind := range []string{intake.KindDetails, intake.KindDeletion} {
			if err := intake.Submit(l.app, kind, who, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	l.drain()
	// ada's details request was completed: its download is open for
	// another week; her deletion request still awaits its confirmation.
	later := l.clock.Now().Add(7 * 24 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	if _, err := l.app.DB().NewQuery(`UPDATE privacy_requests SET status = 'completed', download_expires_at = {:d}
		WHERE member = {:m} AND kind = 'details'`).Bind(map[string]any{"d": later, "m": ada.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	l.clock.Advance(time.Minute)
	tok := l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")
	if err := l.svc.ConfirmEmailChange(l.app, tok); err != nil {
		t.Fatal(err)
	}

	if _, err := l.svc.Open(l.app, manage); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("ada's manage link after the change: %v, want ErrGone", err)
	}
	if _, err := l.svc.PendingEmailChange(l.app, l.tokenTo(selfservice.MailEmailConfirm, "other@hopper.net")); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("ada's other address change: %v, want ErrGone", err)
	}
	if _, err := l.svc.Open(l.app, bobManage); err != nil {
		t.Errorf("bob's manage link: %v", err)
	}
	type row struct {
		Member   string `db:"member"`
		Kind     string `db:"kind"`
		Status   string `db:"status"`
		Download string `db:"download_expires_at"`
	}
	var rows []row
	if err := l.app.DB().NewQuery(`SELECT member, kind, status, download_expires_at FROM privacy_requests`).All(&rows); err != nil {
		t.Fatal(err)
	}
	now := l.clock.Now().UTC().Format("2006-01-02 15:04:05.000Z")
	for _, r := range rows {
		switch {
		case r.Member == bob.Id:
			if r.Status != privacy.StatusAwaiting {
				t.Errorf("bob's %s request: %s", r.Kind, r.Status)
			}
		case r.Kind == "details":
			if r.Status != "completed" || r.Download != now {
				t.Errorf("ada's download: %s until %s, want completed until %s", r.Status, r.Download, now)
			}
		default:
			if r.Status != privacy.StatusExpired {
				t.Errorf("ada's %s confirmation: %s, want expired", r.Kind, r.Status)
			}
		}
	}
	if len(rows) != 4 {
		t.Errorf("privacy requests: %d, want 4", len(rows))
	}
}
