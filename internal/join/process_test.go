package join_test

import (
	"strings"
	"testing"
	"time"

	"memberbase/internal/join"
	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

func TestProcessNewAddressOpensARequestAndMailsALink(t *testing.T) {
	e := newEnv(t, nil)
	e.submit("ada@example.org", "Ada", true)
	e.drain()
	if n := e.count("intake"); n != 0 {
		t.Errorf("%d intake rows left", n)
	}
	reqs, _ := e.app.FindAllRecords(join.Collection)
	if len(reqs) != 1 {
		t.Fatalf("%d join requests", len(reqs))
	}
	r := reqs[0]
	if r.GetString("status") != join.StatusMailed || r.GetString("email") != "ada@example.org" || r.GetString("first_name") != "Ada" ||
		!r.GetBool("marketing_opt_in") || r.GetString("consent_version") != "1" || r.GetDateTime("consent_at").IsZero() {
		t.Errorf("request: %v", r.PublicExport())
	}
	if got := r.GetDateTime("expires_at").Time().Sub(e.clock.Now()); got < join.TTL-time.Second || got > join.TTL+time.Second {
		t.Errorf("expires in %s, want %s", got, join.TTL)
	}
	mails := e.mails(join.MailConfirm)
	if len(mails) != 1 || !mails[0].GetBool("sensitive") || mails[0].GetString("recipient") != "ada@example.org" {
		t.Fatalf("confirmation mails: %d", len(mails))
	}
	toks := e.tokens()
	if len(toks) != 1 || r.GetString("token_hash") != token.Hash(toks[0]) || strings.Contains(r.GetString("token_hash"), toks[0]) {
		t.Error("the request must store the hash of the mailed token, and only the hash")
	}
	if strings.Contains(mails[0].GetString("dedupe_key"), "ada") {
		t.Error("dedupe key carries the address")
	}
}

func TestProcessCurrentMembersGetTheirMemberIDInstead(t *testing.T) {
	e := newEnv(t, nil)
	testapp.SaveMember(t, e.app, map[string]any{"email": "active@example.org", "first_name": "Grace"})
	testapp.SaveMember(t, e.app, map[string]any{"email": "pending@example.org", "status": "pending_approval"})
	e.submit("active@example.org", "Someone", false)
	e.submit("pending@example.org", "Someone", false)
	e.drain()
	if n := e.count(join.Collection); n != 0 {
		t.Errorf("%d join requests for current members", n)
	}
	mails := e.mails(join.MailAlready)
	if len(mails) != 2 || len(e.mails(join.MailConfirm)) != 0 {
		t.Fatalf("already_member mails: %d", len(mails))
	}
	for _, m := range mails {
		who := e.member(m.GetString("recipient"))
		body := m.GetString("text_body")
		if !m.GetBool("sensitive") || !strings.Contains(body, who.GetString("member_id")) || strings.Contains(body, "Someone") {
			t.Errorf("mail to %s:\n%s", m.GetString("recipient"), body)
		}
		if pending := strings.Contains(body, "waits for approval"); pending != (who.GetString("status") == "pending_approval") {
			t.Errorf("mail to a %s member says pending=%v", who.GetString("status"), pending)
		}
	}
	if !strings.Contains(mails[0].GetString("text_body"), "Hello Grace") {
		t.Error("the mail greets the member by the stored name, not the typed one")
	}
}

func TestProcessFormerMembersGetALinkAndOlderLinksStayValid(t *testing.T) {
	e := newEnv(t, nil)
	testapp.SaveMember(t, e.app, map[string]any{"email": "lapsed@example.org", "status": "lapsed"})
	testapp.SaveMember(t, e.app, map[string]any{"email": "cancelled@example.org", "status": "cancelled"})
	e.submit("lapsed@example.org", "Ada", false)
	e.submit("cancelled@example.org", "Ada", false)
	e.submit("cancelled@example.org", "Ada", false)
	e.drain()
	if n := len(e.mails(join.MailConfirm)); n != 3 || len(e.mails(join.MailAlready)) != 0 {
		t.Fatalf("%d confirmation mails, want 3", n)
	}
	for _, tok := range e.tokens() {
		if _, err := e.join.Lookup(e.app, tok); err != nil {
			t.Errorf("a link stopped working when another was issued: %v", err)
		}
	}
}
