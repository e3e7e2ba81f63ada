package join_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"memberbase/internal/join"
	"memberbase/internal/testapp"
)

// requested submits a join for email, runs the worker and returns the
// mailed token.
func (e *env) requested(email string, marketing bool) string {
	e.t.Helper()
	before := len(e.tokens())
	e.submit(email, "Ada", marketing)
	e.drain()
	toks := e.tokens()
	if len(toks) != before+1 {
		e.t.Fatalf("no new confirmation mail for %s", email)
	}
	return toks[len(toks)-1]
}

func TestConfirmCreatesExactlyOneMemberWithAnID(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.requested("ada@example.org", true)
	res, err := e.join.Confirm(e.app, tok)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count("members"); n != 1 {
		t.Fatalf("%d members", n)
	}
	m := e.member("ada@example.org")
	if res.MemberID == "" || res.MemberID != m.GetString("member_id") || res.MemberID != "M-000001" || res.Approval {
		t.Errorf("result %+v, member %s", res, m.GetString("member_id"))
	}
	if m.GetString("status") != "active" || m.GetDateTime("email_verified_at").IsZero() || m.GetDateTime("joined_at").IsZero() ||
		m.GetString("consent_version") != "1" || m.GetDateTime("consent_at").IsZero() || m.GetString("phone") != "+44 20 7946 0000" ||
		!m.GetBool("marketing_opt_in") || m.GetDateTime("marketing_opt_in_at").IsZero() {
		t.Errorf("member: %v", m.PublicExport())
	}
	r, _ := e.app.FindFirstRecordByData(join.Collection, "email", "ada@example.org")
	if r.GetString("status") != join.StatusConfirmed || r.GetString("token_hash") == "" {
		t.Errorf("request %s, token hash kept: %v", r.GetString("status"), r.GetString("token_hash") != "")
	}
	welcome := e.mails(join.MailWelcome)
	if len(welcome) != 1 || !welcome[0].GetBool("sensitive") || !strings.Contains(welcome[0].GetString("text_body"), "M-000001") ||
		!strings.Contains(welcome[0].GetString("text_body"), "now active") {
		t.Fatalf("welcome mails: %d", len(welcome))
	}
	// Replay: the same link again.
	if _, err := e.join.Confirm(e.app, tok); !errors.Is(err, join.ErrGone) {
		t.Errorf("replay: %v, want ErrGone", err)
	}
	if _, err := e.join.Lookup(e.app, tok); !errors.Is(err, join.ErrGone) {
		t.Errorf("replay page: %v, want ErrGone", err)
	}
	if e.count("members") != 1 || len(e.mails(join.MailWelcome)) != 1 {
		t.Error("a replay wrote something")
	}
}

func TestConfirmReactivationKeepsTheMemberID(t *testing.T) {
	for _, status := range []string{"lapsed", "cancelled"} {
		t.Run(status, func(t *testing.T) {
			e := newEnv(t, nil)
			testapp.SaveMember(t, e.app, map[string]any{"email": "other@example.org"})
			joined := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
			old := testapp.SaveMember(t, e.app, map[string]any{"email": "ada@example.org", "status": status,
				"first_name": "Old", "joined_at": joined, "consent_version": "0"})
			tok := e.requested("ada@example.org", false)
			res, err := e.join.Confirm(e.app, tok)
			if err != nil {
				t.Fatal(err)
			}
			m := e.member("ada@example.org")
			if m.Id != old.Id || res.MemberID != old.GetString("member_id") || res.MemberID != "M-000002" || e.count("members") != 2 {
				t.Errorf("reactivated %s as %s (%s), want the same row and ID %s", m.Id, res.MemberID, old.Id, old.GetString("member_id"))
			}
			if m.GetString("status") != "active" || !m.GetDateTime("joined_at").Time().Equal(joined) || m.GetString("first_name") != "Ada" ||
				m.GetString("consent_version") != "1" || m.GetDateTime("email_verified_at").IsZero() {
				t.Errorf("reactivated member: %v", m.PublicExport())
			}
		})
	}
}

func TestConfirmExpiredLinkIsGone(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.requested("ada@example.org", false)
	e.clock.Advance(join.TTL - time.Minute)
	if _, err := e.join.Lookup(e.app, tok); err != nil {
		t.Fatalf("a link a minute before expiry: %v", err)
	}
	e.clock.Advance(time.Minute)
	if _, err := e.join.Lookup(e.app, tok); !errors.Is(err, join.ErrGone) {
		t.Errorf("expired page: %v", err)
	}
	if _, err := e.join.Confirm(e.app, tok); !errors.Is(err, join.ErrGone) {
		t.Errorf("expired confirm: %v", err)
	}
	for _, bad := range []string{"", "garbage", strings.Repeat("A", 43)} {
		if _, err := e.join.Confirm(e.app, bad); !errors.Is(err, join.ErrGone) {
			t.Errorf("unknown token %q: %v", bad, err)
		}
	}
	if e.count("members") != 0 {
		t.Error("a member was created")
	}
}

func TestSecondRequestForOneAddressIsGoneAfterTheFirst(t *testing.T) {
	e := newEnv(t, map[string]string{"JOIN_REQUIRES_APPROVAL": "true"})
	first := e.requested("ada@example.org", false)
	second := e.requested("ada@example.org", false)
	res, err := e.join.Confirm(e.app, first)
	if err != nil {
		t.Fatal(err)
	}
	m := e.member("ada@example.org")
	if !res.Approval || m.GetString("status") != "pending_approval" {
		t.Errorf("with JOIN_REQUIRES_APPROVAL: %+v, status %s", res, m.GetString("status"))
	}
	if w := e.mails(join.MailWelcome); len(w) != 1 || !strings.Contains(w[0].GetString("text_body"), "waits for approval") {
		t.Error("the welcome mail must say the membership waits for approval")
	}
	if _, err := e.join.Lookup(e.app, second); !errors.Is(err, join.ErrGone) {
		t.Errorf("second link page: %v", err)
	}
	if _, err := e.join.Confirm(e.app, second); !errors.Is(err, join.ErrGone) {
		t.Errorf("second confirmation: %v, want ErrGone", err)
	}
	if n := e.count("members"); n != 1 {
		t.Errorf("%d members", n)
	}
}

func TestLookupChangesNothing(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.requested("ada@example.org", false)
	before, _ := e.app.FindFirstRecordByData(join.Collection, "email", "ada@example.org")
	p, err := e.join.Lookup(e.app, tok)
	if err != nil || p.FirstName != "Ada" {
		t.Fatalf("lookup: %+v %v", p, err)
	}
	after, _ := e.app.FindFirstRecordByData(join.Collection, "email", "ada@example.org")
	if after.GetString("status") != join.StatusMailed || after.GetString("updated") != before.GetString("updated") || e.count("members") != 0 {
		t.Error("looking at a link changed something")
	}
}
