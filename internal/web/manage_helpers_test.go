package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/smtptest"
)

var manageLinkRe = regexp.MustCompile(`https://members\.example\.org(/manage(?:/email)?)\?token=([A-Za-z0-9_-]{43})`)

// manageLinkIn returns the path and token of the self-service link in a
// mail, which must be in both parts.
func manageLinkIn(t *testing.T, m smtptest.Mail) (path, token string) {
	t.Helper()
	match := manageLinkRe.FindStringSubmatch(m.Text)
	if match == nil || !strings.Contains(m.HTML, match[1]+"?token="+match[2]) {
		t.Fatalf("no self-service link in mail %q:\n%s", m.Subject, m.Text)
	}
	return match[1], match[2]
}

// manage posts one action of the manage page as its form does (a
// no-referrer page: Origin null), with kv as the action's fields.
func (b *browser) manage(csrf, token, action string, kv ...string) (*http.Response, string) {
	b.s.t.Helper()
	v := url.Values{"csrf_token": {csrf}, "token": {token}, "action": {action}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return b.do("POST", "/manage", v, map[string]string{"Origin": "null"})
}

// selfState is every row the self-service flows write, to show that a GET
// wrote none.
func (s *site) selfState() string {
	s.t.Helper()
	var out strings.Builder
	for _, table := range []string{"members", "manage_links", "email_changes", "intake", "email_outbox", "privacy_requests"} {
		var rows []dbx.NullStringMap
		if err := s.app.DB().NewQuery("SELECT * FROM " + table + " ORDER BY id").All(&rows); err != nil {
			s.t.Fatal(err)
		}
		for _, r := range rows {
			if table == "email_outbox" { // the worker's own bookkeeping moves on
				for _, k := range []string{"status", "attempts", "lease_until", "sent_at", "updated", "text_body", "html_body"} {
					delete(r, k)
				}
			}
			fmt.Fprintf(&out, "%s %v\n", table, r)
		}
	}
	return out.String()
}

// memberField reads one stored field of a member row.
func (s *site) memberField(id, field string) string {
	s.t.Helper()
	r, err := s.app.FindRecordById("members", id)
	if err != nil {
		s.t.Fatal(err)
	}
	return r.GetString(field)
}

// openManageLink asks for the self-service link of ada@example.org, the
// one member of a fresh mailSite, and returns the CSRF token and the
// mailed link's token.
func (b *browser) openManageLink(srv *smtptest.Server) (csrf, token string) {
	t := b.s.t
	t.Helper()
	csrf = b.token("/lookup")
	if resp, _ := b.submit("/privacy/manage", csrf, "ada@example.org"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("lookup: %d", resp.StatusCode)
	}
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	_, token = manageLinkIn(t, srv.Messages()[0])
	return csrf, token
}
