package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
)

// joinSite is a production-profile site over real HTTPS whose mail goes
// to a real in-process SMTP server, with the intake and outbox workers
// running (OnServe started them).
type joinSite struct {
	*site
	smtp *smtptest.Server
}

func newJoinSite(t *testing.T, extra map[string]string) *joinSite {
	t.Helper()
	smtp := smtptest.Start(t)
	env := prodEnv(map[string]string{"SMTP_HOST": smtp.Host, "SMTP_PORT": strconv.Itoa(smtp.Port)})
	for k, v := range extra {
		env[k] = v
	}
	s := newSite(t, env, siteOpts{before: func(app *tests.TestApp) {
		// A TestApp swaps every mailer for its TestMailer (priority
		// -99999): put a real SMTP client back right after it.
		app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
			Id: "test.real-smtp", Priority: -99990,
			Func: func(e *core.MailerEvent) error {
				e.Mailer = &mailer.SMTPClient{Host: smtp.Host, Port: smtp.Port}
				return e.Next()
			},
		})
	}})
	return &joinSite{site: s, smtp: smtp}
}

// pauseWorkers stops the intake and outbox workers (tests then drain
// intake rows themselves, or count the request path's SQL alone).
func (s *joinSite) pauseWorkers() {
	s.t.Helper()
	w, err := intake.FromApp(s.app)
	if err != nil {
		s.t.Fatal(err)
	}
	ob, err := outbox.FromApp(s.app)
	if err != nil {
		s.t.Fatal(err)
	}
	if err := w.Stop(context.Background()); err != nil {
		s.t.Fatal(err)
	}
	if err := ob.Worker.Stop(context.Background()); err != nil {
		s.t.Fatal(err)
	}
}

func (s *joinSite) drainIntake() {
	s.t.Helper()
	w, _ := intake.FromApp(s.app)
	if _, err := w.Drain(context.Background()); err != nil {
		s.t.Fatal(err)
	}
}

func (s *joinSite) service() *join.Service {
	s.t.Helper()
	j, err := join.FromApp(s.app)
	if err != nil {
		s.t.Fatal(err)
	}
	return j
}

var consentVersionRe = regexp.MustCompile(`name="consent_version" value="([^"]*)"`)

// openForm GETs path and returns the page, its CSRF cookie and token.
func (s *joinSite) openForm(path string) (page, cookie, token string) {
	s.t.Helper()
	resp, body := s.req("GET", path, nil, nil)
	m := tokenRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		s.t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-csrf" {
			return body, c.Value, m[1]
		}
	}
	s.t.Fatalf("GET %s: no CSRF cookie", path)
	return "", "", ""
}

// joinFields is a valid join form for email (kv override or add fields).
func joinFields(email string, kv ...string) url.Values {
	v := url.Values{"first_name": {"Ada"}, "last_name": {"Lovelace"}, "email": {email}, "phone": {""},
		"consent": {"yes"}, "consent_version": {"1"}, "website": {""}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// postForm posts fields with a fresh token from a GET of page.
func (s *joinSite) postForm(page, action string, fields url.Values, hdr ...string) (*http.Response, string) {
	s.t.Helper()
	_, cookie, token := s.openForm(page)
	fields.Set("csrf_token", token)
	return s.req("POST", action, strings.NewReader(fields.Encode()), with(sameOrigin(cookie), hdr...))
}

// join submits the join form for email and expects the 303 to /join/sent.
func (s *joinSite) join(email string, kv ...string) {
	s.t.Helper()
	resp, body := s.postForm("/join", "/join", joinFields(email, kv...))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/join/sent" {
		s.t.Fatalf("POST /join %s: %d\n%s", email, resp.StatusCode, body)
	}
}

var mailLinkRe = regexp.MustCompile(`https://members\.example\.org(/join/confirm\?token=([A-Za-z0-9_-]{43}))`)

// mail waits for the n-th message (1-based) the SMTP server accepted.
func (s *joinSite) mail(n int) smtptest.Mail {
	s.t.Helper()
	if err := s.smtp.WaitFor(n, 10*time.Second); err != nil {
		s.t.Fatal(err)
	}
	return s.smtp.Messages()[n-1]
}

// link returns the confirmation link path and token of a mail.
func link(t *testing.T, m smtptest.Mail) (path, token string) {
	t.Helper()
	mm := mailLinkRe.FindStringSubmatch(m.Text)
	if mm == nil || !strings.Contains(m.HTML, mm[1]) {
		t.Fatalf("no confirmation link in the mail:\n%s", m.Text)
	}
	return mm[1], mm[2]
}

var hiddenTokenRe = regexp.MustCompile(`name="token" value="([^"]+)"`)

// confirm opens a confirmation link, then presses its button as a browser
// on a no-referrer page does (Origin: null, Sec-Fetch-Site: same-origin).
func (s *joinSite) confirm(path string) (*http.Response, string) {
	s.t.Helper()
	page, cookie, csrf := s.openForm(path)
	m := hiddenTokenRe.FindStringSubmatch(page)
	if m == nil {
		s.t.Fatalf("no hidden token on the confirmation page:\n%s", page)
	}
	return s.postConfirm(cookie, csrf, m[1])
}

func (s *joinSite) postConfirm(cookie, csrf, token string) (*http.Response, string) {
	s.t.Helper()
	body := url.Values{"csrf_token": {csrf}, "token": {token}}.Encode()
	return s.req("POST", "/join/confirm", strings.NewReader(body), with(sameOrigin(cookie), "Origin", "null"))
}

func (s *joinSite) count(collection string) int {
	s.t.Helper()
	n, err := s.app.CountRecords(collection)
	if err != nil {
		s.t.Fatal(err)
	}
	return int(n)
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// fakeClock is an injectable clock, safe across goroutines.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
