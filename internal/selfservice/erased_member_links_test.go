package selfservice_test

import (
	"errors"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// Every link of an erased member is gone, whatever it was for: the
// erasure deletes them, and a link that survived it anyway (a row restored
// from a backup, say) opens nothing and changes nothing.
func TestLinksOfAnErasedMemberAreGone(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	manage := l.manageToken()
	l.requestChange(manage, "grace@hopper.net")
	change := l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")
	// The tombstone as an erasure leaves it, with the links kept.
	if _, err := l.app.DB().NewQuery(`UPDATE members SET status = 'erased', email = '', first_name = '', last_name = ''
		WHERE id = {:id}`).Bind(map[string]any{"id": ada.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.Open(l.app, manage); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("Open: %v, want ErrGone", err)
	}
	if _, err := l.svc.UpdateDetails(l.app, manage, selfservice.Details{FirstName: "Ada", LastName: "King"}); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("UpdateDetails: %v, want ErrGone", err)
	}
	if _, err := l.svc.LeaveMembership(l.app, manage, selfservice.Leave{Confirmed: true}); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("LeaveMembership: %v, want ErrGone", err)
	}
	if _, err := l.svc.PendingEmailChange(l.app, change); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("PendingEmailChange: %v, want ErrGone", err)
	}
	if err := l.svc.ConfirmEmailChange(l.app, change); !errors.Is(err, selfservice.ErrGone) {
		t.Errorf("ConfirmEmailChange: %v, want ErrGone", err)
	}
	m, err := l.app.FindRecordById("members", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("status") != "erased" || m.GetString("email") != "" || m.GetString("last_name") != "" {
		t.Errorf("the tombstone changed: %s %q %q", m.GetString("status"), m.GetString("email"), m.GetString("last_name"))
	}
	if n := len(l.mails(selfservice.MailGoodbye)) + len(l.mails(selfservice.MailEmailChanged)); n != 0 {
		t.Errorf("%d mails for an erased member", n)
	}
}

// An address change asked for just before the member was erased, or
// deleted, mails nothing when the worker reaches it, and is done with
// (not left to be retried).
func TestEmailChangeOfAMemberGoneMeanwhileMailsNothing(t *testing.T) {
	for _, c := range []struct {
		name string
		gone func(l *links, m *core.Record)
	}{
		{"erased", func(l *links, m *core.Record) {
			e, err := members.EraserFrom(l.app)
			if err != nil {
				t.Fatal(err)
			}
			if err := l.app.RunInTransaction(func(tx core.App) error { return e.Erase(tx, m) }); err != nil {
				t.Fatal(err)
			}
		}},
		{"deleted", func(l *links, m *core.Record) {
			if err := l.app.Delete(m); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newLinks(t)
			ada := testapp.SaveMember(t, l.app, nil)
			if err := l.svc.RequestEmailChange(l.app, l.manageToken(), "grace@hopper.net"); err != nil {
				t.Fatal(err)
			}
			c.gone(l, ada)
			l.drain()
			if n := len(l.mails(selfservice.MailEmailConfirm)); n != 0 {
				t.Errorf("%d confirmation mails", n)
			}
			if n := l.intakeLeft(); n != 0 {
				t.Errorf("%d intake rows left to retry", n)
			}
			if n := count(t, l.app, selfservice.ChangesCollection); n != 0 {
				t.Errorf("%d email changes", n)
			}
		})
	}
}
