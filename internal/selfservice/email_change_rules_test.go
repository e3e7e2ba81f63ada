package selfservice_test

import (
	"errors"
	"testing"
	"time"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

// Asking for a change records the link's use and nothing about the new
// address: a free address and another member's give the same answer and
// the same confirmation mail, so the form cannot be used to find out
// whose address is a member's. Which one may be used is decided only at
// confirmation.
func TestEmailChangeRequestLooksTheSameForAnyAddress(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	testapp.SaveMember(t, l.app, map[string]any{"email": "bob@example.org"})
	tok := l.manageToken()
	l.clock.Advance(time.Minute)
	for _, addr := range []string{"grace@hopper.net", "bob@example.org"} {
		if err := l.svc.RequestEmailChange(l.app, tok, addr); err != nil {
			t.Fatalf("change to %s: %v", addr, err)
		}
	}
	if got, want := l.lastUsed(ada.Id), l.clock.Now().UTC().Format("2006-01-02 15:04:05.000Z"); got != want {
		t.Errorf("link last used %q, want %q", got, want)
	}
	l.drain()
	for _, addr := range []string{"grace@hopper.net", "bob@example.org"} {
		if _, err := l.svc.PendingEmailChange(l.app, l.tokenTo(selfservice.MailEmailConfirm, addr)); err != nil {
			t.Errorf("change to %s: %v", addr, err)
		}
	}
}

// The confirmation page shows both addresses masked, the old one and the
// new one, and changes nothing.
func TestPendingEmailChangeShowsBothAddressesMasked(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "grace@hopper.net")
	p, err := l.svc.PendingEmailChange(l.app, l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net"))
	if err != nil {
		t.Fatal(err)
	}
	if p.OldMasked != token.MaskEmail("ada@example.org") || p.NewMasked != token.MaskEmail("grace@hopper.net") {
		t.Errorf("PendingEmailChange = %+v", p)
	}
	m, _ := l.app.FindRecordById("members", ada.Id)
	c, err := l.app.FindFirstRecordByData(selfservice.ChangesCollection, "member", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("email") != "ada@example.org" || c.GetString("status") != selfservice.ChangeMailed {
		t.Errorf("looking at the change changed %s, %s", m.GetString("email"), c.GetString("status"))
	}
}

// A confirmed change is recorded as such, with when, and audited as the
// member's own change of their address.
func TestConfirmedEmailChangeIsRecordedAsTheMembers(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "grace@hopper.net")
	l.clock.Advance(time.Hour)
	var before int
	if err := l.app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log").Row(&before); err != nil {
		t.Fatal(err)
	}
	if err := l.svc.ConfirmEmailChange(l.app, l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")); err != nil {
		t.Fatal(err)
	}
	c, err := l.app.FindFirstRecordByData(selfservice.ChangesCollection, "member", ada.Id)
	if err != nil {
		t.Fatal(err)
	}
	if c.GetString("status") != selfservice.ChangeConfirmed || !c.GetDateTime("confirmed_at").Time().Equal(l.clock.Now()) {
		t.Errorf("change row: %s at %v, want confirmed at %v", c.GetString("status"), c.GetDateTime("confirmed_at"), l.clock.Now())
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
		t.Errorf("audit of the address change: %+v, want one by the member", actors)
	}
}

// The address of a member who left is still theirs (they may rejoin): a
// change to it is refused like one to an active member's.
func TestEmailChangeToALeftMembersAddressIsRefused(t *testing.T) {
	l := newLinks(t)
	testapp.SaveMember(t, l.app, nil)
	testapp.SaveMember(t, l.app, map[string]any{"email": "bob@example.org", "status": "cancelled"})
	l.requestChange(l.manageToken(), "bob@example.org")
	if err := l.svc.ConfirmEmailChange(l.app, l.tokenTo(selfservice.MailEmailConfirm, "bob@example.org")); !errors.Is(err, selfservice.ErrTaken) {
		t.Fatalf("ConfirmEmailChange = %v, want ErrTaken", err)
	}
}

// A change to an address that became the member's own meanwhile (an admin
// typed it in) is confirmed, not refused as taken: the holder is the member.
func TestEmailChangeToTheMembersOwnNewAddressIsConfirmed(t *testing.T) {
	l := newLinks(t)
	ada := testapp.SaveMember(t, l.app, nil)
	l.requestChange(l.manageToken(), "grace@hopper.net")
	tok := l.tokenTo(selfservice.MailEmailConfirm, "grace@hopper.net")
	ada.Set("email", "grace@hopper.net")
	if err := l.app.Save(ada); err != nil {
		t.Fatal(err)
	}
	if err := l.svc.ConfirmEmailChange(l.app, tok); err != nil {
		t.Fatalf("ConfirmEmailChange = %v", err)
	}
	m, _ := l.app.FindRecordById("members", ada.Id)
	if m.GetString("email") != "grace@hopper.net" || m.GetDateTime("email_verified_at").IsZero() {
		t.Errorf("member: %s, verified %v", m.GetString("email"), m.GetDateTime("email_verified_at"))
	}
}
