package web_test

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// selfAnswer is one response as the oracle tests compare it.
type selfAnswer struct {
	status  int
	header  http.Header
	body    string
	queries int64
}

func (s *site) answerOf(resp *http.Response, body string, queries int64) selfAnswer {
	h := resp.Header.Clone()
	h.Del("X-Request-Id")
	h.Del("Date")
	return selfAnswer{resp.StatusCode, h, body, queries}
}

func sameAnswer(t *testing.T, what string, a, b selfAnswer) {
	t.Helper()
	if a.status != b.status || a.body != b.body || !maps.EqualFunc(a.header, b.header, slices.Equal) {
		t.Errorf("%s answered differently:\n%d %v %q\nvs\n%d %v %q", what, a.status, a.header, a.body, b.status, b.header, b.body)
	}
	if a.queries != b.queries {
		t.Errorf("%s: %d SQL statements, vs %d", what, a.queries, b.queries)
	}
}

// POST /privacy/manage answers a member, a stranger and an erased member
// with the same bytes after the same SQL; only the member gets a link.
func TestManageLookupAnswersMembersAndStrangersAlike(t *testing.T) {
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042"})
		testapp.SaveMember(t, app, map[string]any{"email": "gone@example.org", "status": "erased", "member_id": "M-000043"})
	})
	w := s.pauseWorkers()
	n := s.countSQL()
	b := &browser{s: s}
	csrf := b.token("/lookup")
	b.submit("/privacy/manage", csrf, "warm-up@example.org")
	answers := map[string]selfAnswer{}
	for _, addr := range []string{"ada@example.org", "stranger@example.org", "gone@example.org"} {
		before := n.Load()
		resp, body := b.submit("/privacy/manage", csrf, addr)
		answers[addr] = s.answerOf(resp, body, n.Load()-before)
	}
	member := answers["ada@example.org"]
	if member.status != http.StatusSeeOther || member.header.Get("Location") != "/privacy/sent" || member.queries == 0 {
		t.Fatalf("member: %+v", member)
	}
	sameAnswer(t, "a stranger", answers["stranger@example.org"], member)
	sameAnswer(t, "an erased member", answers["gone@example.org"], member)

	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.deliver()
	got := srv.Messages()
	if len(got) != 1 || got[0].To[0] != "ada@example.org" {
		t.Fatalf("mails: %+v, want one manage link to the member", got)
	}
	manageLinkIn(t, got[0])
}

// The email action does the same work whether the new address is free or
// another member's; the clash is found only at confirmation (410, nothing
// changes). The cap counts the new address.
func TestEmailChangeAnswersFreeAndTakenAlike(t *testing.T) {
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042"})
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000043", "first_name": "Bob", "email": "bob@example.org"})
	})
	b := &browser{s: s}
	csrf := b.token("/lookup")
	b.submit("/privacy/manage", csrf, "ada@example.org")
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	_, tok := manageLinkIn(t, srv.Messages()[0])
	s.waitOutboxIdle()

	w := s.pauseWorkers()
	n := s.countSQL()
	b.manage(csrf, tok, "email", "new_email", "warm-up@example.org")
	answers := map[string]selfAnswer{}
	for _, addr := range []string{"free@example.org", "bob@example.org"} {
		before := n.Load()
		resp, body := b.manage(csrf, tok, "email", "new_email", addr)
		answers[addr] = s.answerOf(resp, body, n.Load()-before)
	}
	free := answers["free@example.org"]
	if free.status != http.StatusSeeOther || free.header.Get("Location") != "/manage/email-sent" || free.queries == 0 {
		t.Fatalf("free address: %+v", free)
	}
	sameAnswer(t, "a taken address", answers["bob@example.org"], free)

	// The cap: three more requests for the free address (four in all)
	// create three changes for it.
	for range 3 {
		b.manage(csrf, tok, "email", "new_email", "free@example.org")
	}
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.app.CountRecords("email_changes"); c != 3+1+1 { // free ×3 (capped), bob, warm-up
		t.Fatalf("%d email changes, want 5", c)
	}
	s.deliver()
	var bobTok string
	for _, m := range srv.Messages()[1:] {
		if m.To[0] == "bob@example.org" {
			_, bobTok = manageLinkIn(t, m)
		}
	}
	if bobTok == "" {
		t.Fatal("no confirmation mail to the new address")
	}

	before := s.selfState()
	resp, page := b.do("POST", "/manage/email", map[string][]string{"csrf_token": {csrf}, "token": {bobTok}}, map[string]string{"Origin": "null"})
	if resp.StatusCode != http.StatusGone || !contains(page, "This address cannot be used", "was not changed") {
		t.Fatalf("confirming a taken address: %d\n%s", resp.StatusCode, page)
	}
	if after := s.selfState(); after != before {
		t.Fatalf("a refused change changed state:\n%s\n→\n%s", before, after)
	}
}
