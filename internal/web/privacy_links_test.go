package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

// gone410 checks one answer is the branded 410 with a way back to /lookup.
func gone410(t *testing.T, what string, resp *http.Response, page string) {
	t.Helper()
	if resp.StatusCode != http.StatusGone || !strings.Contains(page, `<a href="/lookup">`) || strings.Contains(page, "style=") ||
		resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("%s: %d %v\n%s", what, resp.StatusCode, resp.Header, page)
	}
}

func TestPrivacyLinksUsedOrExpiredAre410(t *testing.T) {
	s, srv := mailSite(t, nil, func(app *tests.TestApp) { testapp.SaveMember(t, app, nil) })
	b := &browser{s: s}
	csrf := b.token("/lookup")
	mails := func(n int) []smtptest.Mail {
		if err := srv.WaitFor(n, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		return srv.Messages()
	}
	b.submit("/privacy/details", csrf, "ada@example.org")
	_, used := linkIn(t, mails(1)[0])
	b.submit("/privacy/details", csrf, "ada@example.org")
	_, expiring := linkIn(t, mails(2)[1])
	confirm := func(tok string) (*http.Response, string) {
		return b.do("POST", "/privacy/confirm", url.Values{"csrf_token": {csrf}, "token": {tok}}, nil)
	}
	if resp, _ := confirm(used); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first confirmation: %d", resp.StatusCode)
	}
	_, dl := linkIn(t, mails(3)[2])

	// Replay.
	resp, page := b.do("GET", "/privacy/confirm?token="+used, nil, nil)
	gone410(t, "GET used confirmation", resp, page)
	resp, page = confirm(used)
	gone410(t, "POST used confirmation", resp, page)

	// Expiry: the clock passes expires_at (moved back in the database).
	if _, err := s.app.DB().NewQuery("UPDATE privacy_requests SET expires_at = '2000-01-01 00:00:00.000Z' WHERE status = 'awaiting_confirmation'").Execute(); err != nil {
		t.Fatal(err)
	}
	resp, page = b.do("GET", "/privacy/confirm?token="+expiring, nil, nil)
	gone410(t, "GET expired confirmation", resp, page)
	resp, page = confirm(expiring)
	gone410(t, "POST expired confirmation", resp, page)

	// Unknown, malformed, missing; a download token on the confirm route.
	other, _, _ := token.New()
	for _, tok := range []string{other, "abc", "", dl} {
		resp, page = b.do("GET", "/privacy/confirm?token="+url.QueryEscape(tok), nil, nil)
		gone410(t, "GET confirm "+tok, resp, page)
		resp, page = confirm(tok)
		gone410(t, "POST confirm "+tok, resp, page)
	}

	// Downloads work until download_expires_at, then 410.
	post := func(tok string) (*http.Response, string) {
		return b.do("POST", "/privacy/download", url.Values{"csrf_token": {csrf}, "token": {tok}, "format": {"json"}}, nil)
	}
	if resp, _ := post(dl); resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	if resp, _ := b.do("POST", "/privacy/download", url.Values{"csrf_token": {csrf}, "token": {dl}, "format": {"xml"}}, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}
	if _, err := s.app.DB().NewQuery("UPDATE privacy_requests SET download_expires_at = '2000-01-01 00:00:00.000Z' WHERE download_token_hash != ''").Execute(); err != nil {
		t.Fatal(err)
	}
	resp, page = b.do("GET", "/privacy/download?token="+dl, nil, nil)
	gone410(t, "GET expired download", resp, page)
	resp, page = post(dl)
	gone410(t, "POST expired download", resp, page)
	for _, tok := range []string{other, used, ""} {
		resp, page = post(tok)
		gone410(t, "POST download "+tok, resp, page)
	}
}

// A request accepted just before a restart is mailed by the next process:
// the intake row is durable, and the new worker takes it at start.
func TestPrivacyRequestSurvivesRestart(t *testing.T) {
	s, srv := mailSite(t, nil, func(app *tests.TestApp) { testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042"}) })
	s.pauseWorkers() // the process dies before its worker gets to the row
	b := &browser{s: s}
	if resp, _ := b.submit("/privacy/member-id", b.token("/lookup"), "ada@example.org"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	if n, _ := s.app.CountRecords("intake"); n != 1 || srv.Count() != 0 {
		t.Fatalf("%d intake rows, %d mails before the restart", n, srv.Count())
	}

	next := testapp.Restart(t, s.app, smtpEnv(srv, nil))
	testapp.DeliverSMTP(next)
	testapp.Mux(t, next) // serve: the workers start
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages()[0]
	if m.To[0] != "ada@example.org" || !strings.Contains(m.Text, "M-000042") {
		t.Errorf("mail after restart: %v %q", m.To, m.Text)
	}
	if n, _ := next.CountRecords("intake"); n != 0 {
		t.Errorf("%d intake rows left after the restart", n)
	}
}
