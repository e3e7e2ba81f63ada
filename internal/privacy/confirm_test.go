package privacy_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"memberbase/internal/intake"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// confirmLink asks for a copy for ada@example.org and returns the link token
// of the newest confirmation mail.
func (e *env) confirmLink() string {
	e.t.Helper()
	e.ask(intake.KindDetails, "ada@example.org")
	var last mail
	for _, m := range e.mails() {
		if m.Kind == privacy.MailDetailsConfirm {
			last = m
		}
	}
	return e.tokenIn(last)
}

func TestConfirmationIsSingleUseAndExpires(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, nil)
	expiring := e.confirmLink()
	e.clock.Advance(privacy.ConfirmTTL + time.Second)
	if _, err := e.svc.Pending(e.app, expiring); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("expired link shown: %v", err)
	}
	if err := e.svc.Confirm(e.app, expiring); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("expired link confirmed: %v", err)
	}

	tok := e.confirmLink()
	if err := e.svc.Confirm(e.app, tok); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Confirm(e.app, tok); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("replayed confirmation: %v", err)
	}
	if _, err := e.svc.Pending(e.app, tok); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("used link shown: %v", err)
	}
	for _, bad := range []string{"", "short", tok[:42] + "A"} {
		if err := e.svc.Confirm(e.app, bad); !errors.Is(err, privacy.ErrGone) {
			t.Errorf("Confirm(%q): %v", bad, err)
		}
	}
	reqs := e.requests()
	if reqs[0].GetString("status") != privacy.StatusAwaiting || reqs[1].GetString("status") != privacy.StatusConfirmed {
		t.Errorf("statuses %s, %s", reqs[0].GetString("status"), reqs[1].GetString("status"))
	}
	if got := reqs[1].GetDateTime("confirmed_at").Time(); !got.Equal(e.clock.Now().Truncate(time.Millisecond)) {
		t.Errorf("confirmed_at %s, want %s", got, e.clock.Now())
	}
	want := []string{">awaiting_confirmation:system", "awaiting_confirmation>confirmed:member"}
	if got := e.events(reqs[1].Id); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}

func TestConfirmationOfAnErasedMemberIsGone(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	tok := e.confirmLink()
	m.Set("status", "erased")
	m.Set("email", "")
	if err := e.app.Save(m); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Pending(e.app, tok); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("page for an erased member: %v", err)
	}
	if err := e.svc.Confirm(e.app, tok); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("confirmation for an erased member: %v", err)
	}
	if n := len(e.mails()); n != 1 {
		t.Errorf("%d mails, want only the first confirmation", n)
	}
}
