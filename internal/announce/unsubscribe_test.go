package announce_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/announce"
	"memberbase/internal/members"
)

// tokenOf queues a marketing announcement to m and returns m's token from
// the List-Unsubscribe header stored on the row.
func tokenOf(t *testing.T, app core.App, m *core.Record) (string, *core.Record) {
	t.Helper()
	a := announcement(t, app, announce.AudienceMarketing, announce.StatusScheduled)
	step(t, app, service(0))
	row, err := app.FindFirstRecordByFilter("email_outbox", "recipient = {:r} && kind = 'announcement'", dbx.Params{"r": m.GetString("email")})
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]string
	if err := row.UnmarshalJSONField("headers", &h); err != nil {
		t.Fatal(err)
	}
	raw := strings.Trim(h["List-Unsubscribe"], "<>")
	u, err := url.Parse(raw)
	if err != nil || !strings.HasPrefix(raw, baseURL+"/unsubscribe?token=") {
		t.Fatalf("List-Unsubscribe %q", h["List-Unsubscribe"])
	}
	return u.Query().Get("token"), a
}

func auditRows(t *testing.T, app core.App, id string) int {
	t.Helper()
	n, err := app.CountRecords("audit_log", dbx.NewExp("target = 'members' AND record_ids LIKE {:id} AND action = 'update'", dbx.Params{"id": "%" + id + "%"}))
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// One-click unsubscribe turns the choice off once, audited as the member,
// cancels the member's queued marketing mail, and is idempotent.
func TestUnsubscribeIsIdempotentAndAudited(t *testing.T) {
	app, _ := newApp(t)
	m := member(t, app, "ada", "active", true)
	tok, mk := tokenOf(t, app, m)
	notice := announcement(t, app, announce.AudienceMembers, announce.StatusScheduled)
	step(t, app, service(0))
	before := auditRows(t, app, m.Id)

	s := service(0)
	for range 2 {
		if err := s.Unsubscribe(app, tok); err != nil {
			t.Fatal(err)
		}
	}
	got := reload(t, app, m)
	if got.GetBool("marketing_opt_in") || !got.GetDateTime("marketing_opt_in_at").IsZero() {
		t.Fatalf("after unsubscribe: opt_in=%v at=%v", got.GetBool("marketing_opt_in"), got.GetDateTime("marketing_opt_in_at"))
	}
	if n := auditRows(t, app, m.Id) - before; n != 1 {
		t.Fatalf("%d audit rows for two unsubscribes, want 1", n)
	}
	var actor string
	_ = app.DB().NewQuery("SELECT actor_type FROM audit_log WHERE target = 'members' ORDER BY seq DESC LIMIT 1").Row(&actor)
	if actor != "member" {
		t.Errorf("audit actor %q, want member", actor)
	}
	st := func(a *core.Record) string {
		r, err := app.FindFirstRecordByFilter("email_outbox", "group = {:g}", dbx.Params{"g": a.Id})
		if err != nil {
			t.Fatal(err)
		}
		return r.GetString("status")
	}
	if st(mk) != "cancelled" || st(notice) != "queued" {
		t.Fatalf("queued rows after unsubscribe: marketing=%s notice=%s", st(mk), st(notice))
	}
	// The next marketing announcement leaves the member out.
	next := announcement(t, app, announce.AudienceMarketing, announce.StatusScheduled)
	step(t, app, s)
	if got := recipients(t, app, next.Id); len(got) != 0 {
		t.Fatalf("unsubscribed member still reached: %v", got)
	}
}

// Unknown, forged, malformed and erased members' tokens all fail the same
// way and change nothing.
func TestUnsubscribeUnknownTokens(t *testing.T) {
	app, _ := newApp(t)
	m := member(t, app, "ada", "active", true)
	tok, _ := tokenOf(t, app, m)
	id, secret, _ := strings.Cut(tok, ".")
	s := service(0)
	forged := id + "." + strings.Repeat("A", len(secret))
	for _, bad := range []string{"", "x", "test", forged, "zzzzzzzzzzzzzzz." + secret, tok + "x"} {
		if err := s.Unsubscribe(app, bad); !errors.Is(err, announce.ErrUnknownToken) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if !reload(t, app, m).GetBool("marketing_opt_in") {
		t.Fatal("a bad token unsubscribed")
	}
	er, _ := members.EraserFrom(app)
	if err := app.RunInTransaction(func(tx core.App) error { return er.Erase(tx, reload(t, app, m)) }); err != nil {
		t.Fatal(err)
	}
	if reload(t, app, m).GetString(announce.FieldSecret) != "" {
		t.Fatal("erasure kept the unsubscribe secret")
	}
	if err := s.Unsubscribe(app, tok); !errors.Is(err, announce.ErrUnknownToken) {
		t.Fatalf("erased member's token: %v", err)
	}
}

// The token survives a new expansion: the secret is created once.
func TestSecretIsStable(t *testing.T) {
	app, _ := newApp(t)
	m := member(t, app, "ada", "active", true)
	t1, _ := tokenOf(t, app, m)
	a2 := announcement(t, app, announce.AudienceMarketing, announce.StatusScheduled)
	step(t, app, service(0))
	r, _ := app.FindFirstRecordByFilter("email_outbox", "group = {:g}", dbx.Params{"g": a2.Id})
	if !strings.Contains(r.GetString("headers"), url.QueryEscape(t1)) && !strings.Contains(r.GetString("headers"), t1) {
		t.Fatalf("second mail's token differs: %s", r.GetString("headers"))
	}
}
