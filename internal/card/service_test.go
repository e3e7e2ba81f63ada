package card_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/card"
	"memberbase/internal/dues"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// cardEnv is a test app whose card keys and dues run on one settable
// clock.
type cardEnv struct {
	t   *testing.T
	app *tests.TestApp
	svc *card.Service
	now time.Time
}

func newCardEnv(t *testing.T) *cardEnv {
	t.Helper()
	app, _ := testapp.New(t, nil)
	svc, err := card.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	e := &cardEnv{t: t, app: app, svc: svc, now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	svc.Keys.SetClock(func() time.Time { return e.now })
	ds, err := dues.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	ds.SetClock(func() time.Time { return e.now })
	return e
}

// verifyToken issues m's card and the QR token of it.
func (e *cardEnv) verifyToken(m *core.Record) string {
	e.t.Helper()
	c, ok, err := e.svc.Issue(e.app, m)
	if err != nil || !ok {
		e.t.Fatalf("no card: %v", err)
	}
	short, err := e.svc.Keys.VerifyToken(c.Claims)
	if err != nil {
		e.t.Fatal(err)
	}
	return short
}

func (e *cardEnv) valid(tok string) bool {
	e.t.Helper()
	_, _, err := e.svc.Check(context.Background(), e.app, tok, card.UseVerify)
	if err != nil && !errors.Is(err, card.ErrInvalid) {
		e.t.Fatalf("check: %v", err)
	}
	return err == nil
}

func (e *cardEnv) mails(kind string) []*core.Record {
	e.t.Helper()
	rows, err := e.app.FindRecordsByFilter(outbox.Collection, "kind = {:k}", "created", 0, 0, dbx.Params{"k": kind})
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// TestCheckFollowsTheMemberStatus: a card verifies for active and pending
// members only; lapsing, leaving and erasure stop it at once, whatever
// the token's exp.
func TestCheckFollowsTheMemberStatus(t *testing.T) {
	e := newCardEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	tok := e.verifyToken(m)
	if !e.valid(tok) {
		t.Fatal("active member's card refused")
	}
	for _, st := range []string{"pending_approval", "lapsed", "cancelled", "active"} {
		m.Set("status", st)
		if err := e.app.Save(m); err != nil {
			t.Fatal(err)
		}
		if want := st == "active" || st == "pending_approval"; e.valid(tok) != want {
			t.Errorf("status %s: valid %v, want %v", st, !want, want)
		}
	}
	er, err := members.EraserFrom(e.app)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.RunInTransaction(func(tx core.App) error { return er.Erase(tx, m) }); err != nil {
		t.Fatal(err)
	}
	if e.valid(tok) {
		t.Error("erased member's card still verifies")
	}
	gone := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	tok = e.verifyToken(gone)
	if err := e.app.Delete(gone); err != nil {
		t.Fatal(err)
	}
	if e.valid(tok) {
		t.Error("deleted member's card still verifies")
	}
}

// TestCardOnPeriodPaid: no card before the first period is paid; paying
// it mails one card expiring at paid_through + grace, once.
func TestCardOnPeriodPaid(t *testing.T) {
	e := newCardEnv(t)
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 30})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	if _, ok, _ := e.svc.Issue(e.app, m); ok {
		t.Fatal("card issued before the first period is paid")
	}
	if n := len(e.mails(card.MailKind)); n != 0 {
		t.Fatalf("%d card mails before payment", n)
	}
	col, _ := e.app.FindCollectionByNameOrId(dues.Payments)
	p := core.NewRecord(col)
	p.Set("member", m.Id)
	p.Set("amount", 3000)
	p.Set("received_on", "2026-03-01")
	p.Set("method", "bank_transfer")
	if err := e.app.Save(p); err != nil {
		t.Fatal(err)
	}
	m, _ = e.app.FindRecordById("members", m.Id)
	rows := e.mails(card.MailKind)
	if len(rows) != 1 || rows[0].GetString("recipient") != "ada@example.org" {
		t.Fatalf("card mails after payment: %d", len(rows))
	}
	c, ok, err := e.svc.Issue(e.app, m)
	if err != nil || !ok {
		t.Fatalf("no card after payment: %v", err)
	}
	want := m.GetDateTime("paid_through").Time().AddDate(0, 0, 31)
	if !c.Claims.ExpiresAt.Equal(want) || c.Claims.Plan != "Regular" {
		t.Errorf("exp %v plan %q, want %v", c.Claims.ExpiresAt, c.Claims.Plan, want)
	}
	// Saving the member again (same paid_through) mails nothing new.
	m.Set("phone", "+41 44 000 00 00")
	if err := e.app.Save(m); err != nil {
		t.Fatal(err)
	}
	if n := len(e.mails(card.MailKind)); n != 1 {
		t.Errorf("%d card mails after an unrelated save", n)
	}
}
