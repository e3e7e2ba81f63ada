package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// clockSite is a mail site whose self-service clock the test moves.
func clockSite(t *testing.T, member *(*core.Record)) (*site, *fakeClock, func(n int) string) {
	t.Helper()
	clock := &fakeClock{t: time.Now()}
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		svc, err := selfservice.FromApp(app)
		if err != nil {
			t.Fatal(err)
		}
		svc.Now = clock.Now
		*member = testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042"})
	})
	// linkOf waits for the n-th mail (1-based) and returns its token.
	linkOf := func(n int) string {
		t.Helper()
		if err := srv.WaitFor(n, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		_, tok := manageLinkIn(t, srv.Messages()[n-1])
		return tok
	}
	return s, clock, linkOf
}

// A link works for repeated edits for 24 hours, then answers 410 on GET and
// POST alike, and changes nothing.
func TestManageLinkExpires(t *testing.T) {
	var member *core.Record
	s, clock, linkOf := clockSite(t, &member)
	b := &browser{s: s}
	csrf := b.token("/lookup")
	b.submit("/privacy/manage", csrf, "ada@example.org")
	tok := linkOf(1)
	for _, name := range []string{"Ann", "Anna"} {
		if resp, _ := b.manage(csrf, tok, "details", "first_name", name, "last_name", "Lovelace"); resp.StatusCode != 200 {
			t.Fatalf("edit %s: %d", name, resp.StatusCode)
		}
	}
	clock.Advance(selfservice.LinkTTL + time.Second)
	if resp, page := b.do("GET", "/manage?token="+tok, nil, nil); resp.StatusCode != http.StatusGone ||
		resp.Header.Get("Cache-Control") != "no-store" || !contains(page, "Link no longer valid", `href="/lookup"`) {
		t.Fatalf("expired GET: %d\n%s", resp.StatusCode, page)
	}
	if resp, _ := b.manage(csrf, tok, "details", "first_name", "Mallory", "last_name", "Lovelace"); resp.StatusCode != http.StatusGone {
		t.Fatalf("expired POST: %d", resp.StatusCode)
	}
	if got := s.memberField(member.Id, "first_name"); got != "Anna" {
		t.Fatalf("first name %q after an expired POST", got)
	}
}

// Every self-service page and confirmation answers 410 for an erased
// member, whatever link was mailed before.
func TestSelfServiceIsGoneForErasedMembers(t *testing.T) {
	var member *core.Record
	s, _, linkOf := clockSite(t, &member)
	b := &browser{s: s}
	csrf := b.token("/lookup")
	b.submit("/privacy/manage", csrf, "ada@example.org")
	tok := linkOf(1)
	b.manage(csrf, tok, "email", "new_email", "new@example.org")
	ctok := linkOf(2)

	m, _ := s.app.FindRecordById("members", member.Id)
	for _, f := range []string{"first_name", "last_name", "email", "phone"} {
		m.Set(f, "")
	}
	m.Set("status", "erased")
	if err := s.app.Save(m); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/manage?token=" + tok, "/manage/email?token=" + ctok} {
		if resp, _ := b.do("GET", p, nil, nil); resp.StatusCode != http.StatusGone {
			t.Errorf("GET %s: %d", p[:8], resp.StatusCode)
		}
	}
	for _, action := range []string{"details", "email", "leave"} {
		if resp, _ := b.manage(csrf, tok, action, "first_name", "A", "last_name", "B", "new_email", "x@example.org", "confirm", "yes"); resp.StatusCode != http.StatusGone {
			t.Errorf("POST %s: %d", action, resp.StatusCode)
		}
	}
	if resp, _ := b.do("POST", "/manage/email", url.Values{"csrf_token": {csrf}, "token": {ctok}}, map[string]string{"Origin": "null"}); resp.StatusCode != http.StatusGone {
		t.Errorf("POST /manage/email: %d", resp.StatusCode)
	}
	if s.memberField(member.Id, "status") != "erased" || s.memberField(member.Id, "email") != "" {
		t.Fatal("an erased member changed")
	}
}

// A confirmed change voids every other open link of the member: manage
// links, other email changes and privacy confirmations (all mailed to the
// old mailbox).
func TestEmailChangeVoidsOtherLinks(t *testing.T) {
	var member *core.Record
	s, _, linkOf := clockSite(t, &member)
	b := &browser{s: s}
	csrf := b.token("/lookup")
	b.submit("/privacy/manage", csrf, "ada@example.org")
	tok := linkOf(1)
	b.manage(csrf, tok, "email", "new_email", "one@example.org")
	one := linkOf(2)
	b.manage(csrf, tok, "email", "new_email", "two@example.org")
	two := linkOf(3)
	b.submit("/privacy/details", csrf, "ada@example.org")
	eventually(t, "the privacy confirmation", func() bool { n, _ := s.app.CountRecords("privacy_requests"); return n == 1 })
	s.waitOutboxIdle()

	if resp, _ := b.do("POST", "/manage/email", url.Values{"csrf_token": {csrf}, "token": {two}}, map[string]string{"Origin": "null"}); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	for _, p := range []string{"/manage?token=" + tok, "/manage/email?token=" + one} {
		if resp, _ := b.do("GET", p, nil, nil); resp.StatusCode != http.StatusGone {
			t.Errorf("GET %s: %d, want 410", p[:10], resp.StatusCode)
		}
	}
	req, err := s.app.FindFirstRecordByData("privacy_requests", "member", member.Id)
	if err != nil || req.GetString("status") != "expired" {
		t.Errorf("privacy confirmation not voided: %v %v", req, err)
	}
	if n, _ := s.app.CountRecords("manage_links"); n != 0 {
		t.Errorf("%d manage links left", n)
	}
	var statuses []string
	if err := s.app.DB().NewQuery("SELECT status FROM email_changes ORDER BY new_email").Column(&statuses); err != nil ||
		len(statuses) != 2 || statuses[0] != "expired" || statuses[1] != "confirmed" {
		t.Errorf("email changes: %v %v", statuses, err)
	}
}
