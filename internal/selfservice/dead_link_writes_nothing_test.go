package selfservice_test

import (
	"errors"
	"testing"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// A form sent through an expired manage link is refused as gone and
// writes nothing: no address change asked for, no details changed, no
// leaving, no mail, and the link's use is not recorded.
func TestFormsThroughAnExpiredLinkWriteNothing(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	tok := l.manageToken()
	l.clock.Advance(selfservice.LinkTTL)
	if err := l.svc.RequestEmailChange(l.app, tok, "grace@hopper.net"); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("RequestEmailChange: %v, want ErrGone", err)
	}
	if n := l.intakeLeft(); n != 0 {
		t.Errorf("%d intake rows written", n)
	}
	if _, err := l.svc.UpdateDetails(l.app, tok, selfservice.Details{FirstName: "Augusta", LastName: "King"}); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("UpdateDetails: %v, want ErrGone", err)
	}
	if _, err := l.svc.LeaveMembership(l.app, tok, selfservice.Leave{Confirmed: true}); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("LeaveMembership: %v, want ErrGone", err)
	}
	l.drain()
	m, err := l.app.FindRecordById("members", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("first_name") != "Ada" || m.GetString("status") != "active" {
		t.Errorf("member changed through an expired link: %s, %s", m.GetString("first_name"), m.GetString("status"))
	}
	if n := len(l.mails(selfservice.MailEmailConfirm)) + len(l.mails(selfservice.MailGoodbye)); n != 0 {
		t.Errorf("%d mails through an expired link", n)
	}
	if got := l.lastUsed(ada.Id); got != "" {
		t.Errorf("expired link marked used at %s", got)
	}
}
