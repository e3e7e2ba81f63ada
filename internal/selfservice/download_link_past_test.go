package selfservice_test

import (
	"testing"
	"time"

	"memberbase/internal/intake"
	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// An address change ends downloads still open, but one that already ended
// keeps the moment it ended: the change never reopens it or moves it.
func TestAddressChangeLeavesAnEndedDownloadAsItWas(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	if err := intake.Submit(l.app, intake.KindDetails, "ada@example.org", nil); err != nil {
		t.Fatal(err)
	}
	l.drain()
	ended := l.clock.Now().Add(-24 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	if _, err := l.app.DB().NewQuery(`UPDATE privacy_requests SET status = 'completed', download_expires_at = {:d}
		WHERE member = {:m}`).Bind(map[string]any{"d": ended, "m": ada.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	l.requestChange(l.manageToken(), "grace@hopper.net")
	l.clock.Advance(time.Minute)
	if err := l.svc.ConfirmEmailChange(l.app, l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := l.app.DB().NewQuery(`SELECT download_expires_at FROM privacy_requests WHERE member = {:m}`).
		Bind(map[string]any{"m": ada.Id}).Row(&got); err != nil {
		t.Fatal(err)
	}
	if got != ended {
		t.Errorf("ended download now ends %s, want still %s", got, ended)
	}
}
