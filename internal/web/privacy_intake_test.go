package web_test

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// For each lookup action, a member's address and a stranger's get the same
// bytes back after the same SQL on the request path; only the member is
// mailed, and an erased member is not.
func TestPrivacyActionsAnswerMembersAndStrangersAlike(t *testing.T) {
	for _, c := range []struct{ path, mailKind string }{
		{"/privacy/member-id", "member_id"},
		{"/privacy/details", "details_confirm"},
		{"/privacy/deletion", "privacy_confirm"},
	} {
		t.Run(strings.TrimPrefix(c.path, "/privacy/"), func(t *testing.T) {
			s, srv := mailSite(t, nil, func(app *tests.TestApp) {
				testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042"})
				testapp.SaveMember(t, app, map[string]any{"email": "gone@example.org", "status": "erased", "member_id": "M-000043"})
			})
			w := s.pauseWorkers()
			n := s.countSQL()
			b := &browser{s: s}
			csrf := b.token("/lookup")
			b.submit(c.path, csrf, "warm-up@example.org") // first-use caches

			type answer struct {
				status  int
				header  http.Header
				body    string
				queries int64
			}
			answers := map[string]answer{}
			for _, addr := range []string{"ada@example.org", "stranger@example.org", "gone@example.org"} {
				before := n.Load()
				resp, body := b.submit(c.path, csrf, addr)
				h := resp.Header.Clone()
				h.Del("X-Request-Id")
				h.Del("Date")
				answers[addr] = answer{resp.StatusCode, h, body, n.Load() - before}
			}
			member := answers["ada@example.org"]
			if member.status != http.StatusSeeOther || member.header.Get("Location") != "/privacy/sent" || member.queries == 0 {
				t.Fatalf("member: %d %v, %d statements", member.status, member.header, member.queries)
			}
			for _, addr := range []string{"stranger@example.org", "gone@example.org"} {
				other := answers[addr]
				if other.status != member.status || other.body != member.body || !maps.EqualFunc(other.header, member.header, slices.Equal) {
					t.Errorf("%s answered differently:\n%d %v %q\nmember:\n%d %v %q", addr,
						other.status, other.header, other.body, member.status, member.header, member.body)
				}
				if other.queries != member.queries {
					t.Errorf("%s: %d SQL statements, member %d", addr, other.queries, member.queries)
				}
			}

			if _, err := w.Drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			s.deliver()
			got := srv.Messages()
			if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "ada@example.org" {
				t.Fatalf("mails: %d, want exactly one, to the member: %+v", len(got), got)
			}
			var kind string
			if err := s.app.DB().NewQuery("SELECT kind FROM email_outbox").Row(&kind); err != nil || kind != c.mailKind {
				t.Errorf("mail kind %q (%v), want %s", kind, err, c.mailKind)
			}
		})
	}
}

func TestPrivacyFormsValidateAndCatchBots(t *testing.T) {
	s, _ := mailSite(t, nil, nil)
	s.pauseWorkers()
	b := &browser{s: s}
	csrf := b.token("/lookup")
	rows := func() int64 {
		n, err := s.app.CountRecords(intake.Collection)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, p := range []string{"/privacy/member-id", "/privacy/details"} {
		resp, page := b.submit(p, csrf, "not an address")
		form := strings.TrimPrefix(p, "/privacy/")
		i := strings.Index(page, `action="`+p+`"`)
		if resp.StatusCode != http.StatusUnprocessableEntity || i < 0 ||
			!strings.Contains(page[i:], `value="not an address"`) || !strings.Contains(page[i:], `id="`+form+`-email-error"`) ||
			!strings.Contains(page, `<a href="#`+form+`-email">`) {
			t.Errorf("%s invalid: %d\n%s", p, resp.StatusCode, page)
		}
		resp, _ = b.submit(p, csrf, "ada@example.org", "website", "https://spam.example")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/privacy/sent" {
			t.Errorf("%s honeypot: %d", p, resp.StatusCode)
		}
		for _, m := range []string{"GET", "PUT", "DELETE"} {
			if resp, _ := b.do(m, p, nil, nil); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
				t.Errorf("%s %s: %d %q", m, p, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	}
	if n := rows(); n != 0 {
		t.Errorf("%d intake rows stored from invalid or bot posts", n)
	}
	if resp, _ := b.submit("/privacy/details", csrf, " Ada@Example.org "); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid: %d", resp.StatusCode)
	}
	var email string
	if err := s.app.DB().NewQuery("SELECT email FROM intake").Row(&email); err != nil || email != "ada@example.org" {
		t.Errorf("stored address %q (%v): want it normalised", email, err)
	}
}
