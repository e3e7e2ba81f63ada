package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/intake"
	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// smtpEnv points a production environment's SMTP settings at srv.
func smtpEnv(srv *smtptest.Server, extra map[string]string) map[string]string {
	env := prodEnv(map[string]string{"SMTP_HOST": srv.Host, "SMTP_PORT": strconv.Itoa(srv.Port)})
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// mailSite is a production site whose mail goes to a real SMTP server;
// before runs on the app before serving (members to seed).
func mailSite(t *testing.T, extra map[string]string, before func(*tests.TestApp)) (*site, *smtptest.Server) {
	t.Helper()
	srv := smtptest.Start(t)
	s := newSite(t, smtpEnv(srv, extra), siteOpts{before: func(app *tests.TestApp) {
		testapp.DeliverSMTP(app)
		if before != nil {
			before(app)
		}
	}})
	return s, srv
}

// browser keeps the CSRF cookie between requests, as a browser does.
type browser struct {
	s      *site
	cookie string
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) do(method, path string, form url.Values, hdr map[string]string) (*http.Response, string) {
	b.s.t.Helper()
	h := map[string]string{}
	var body *strings.Reader
	if form != nil {
		h["Content-Type"] = "application/x-www-form-urlencoded"
		h["Origin"] = "https://members.example.org"
		h["Sec-Fetch-Site"] = "same-origin"
		body = strings.NewReader(form.Encode())
	}
	if b.cookie != "" {
		h["Cookie"] = "__Host-csrf=" + b.cookie
	}
	for k, v := range hdr {
		h[k] = v
	}
	var resp *http.Response
	var page string
	if body != nil {
		resp, page = b.s.req(method, path, body, h)
	} else {
		resp, page = b.s.req(method, path, nil, h)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-csrf" {
			b.cookie = c.Value
		}
	}
	return resp, page
}

// token returns the CSRF token of a page the browser GETs.
func (b *browser) token(path string) string {
	b.s.t.Helper()
	resp, page := b.do("GET", path, nil, nil)
	m := csrfField.FindStringSubmatch(page)
	if resp.StatusCode != 200 || m == nil {
		b.s.t.Fatalf("GET %s: %d, no CSRF token\n%s", path, resp.StatusCode, page)
	}
	return m[1]
}

// submit posts a lookup form (its CSRF token from /lookup).
func (b *browser) submit(path, csrf, email string, kv ...string) (*http.Response, string) {
	v := url.Values{"csrf_token": {csrf}, "email": {email}, "website": {""}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return b.do("POST", path, v, nil)
}

// pauseWorkers stops the site's intake and outbox workers, so only the
// request path runs (and rows wait in their tables), and returns the intake
// worker to drain by hand.
func (s *site) pauseWorkers() *intake.Worker {
	s.t.Helper()
	testapp.PauseWorkers(s.t, s.app)
	w, err := intake.FromApp(s.app)
	if err != nil {
		s.t.Fatal(err)
	}
	return w
}

// countSQL counts every statement run on the app's main database from now.
func (s *site) countSQL() *atomic.Int64 {
	var n atomic.Int64
	for _, b := range []dbx.Builder{s.app.ConcurrentDB(), s.app.NonconcurrentDB()} {
		db := b.(*dbx.DB)
		db.QueryLogFunc = func(_ context.Context, _ time.Duration, _ string, _ *sql.Rows, _ error) { n.Add(1) }
		db.ExecLogFunc = func(_ context.Context, _ time.Duration, _ string, _ sql.Result, _ error) { n.Add(1) }
	}
	return &n
}

// deliver sends every queued mail with a fresh outbox worker (the site's
// own was paused) and waits until none is left queued or sending.
func (s *site) deliver() {
	s.t.Helper()
	w := outbox.NewWorker(s.app, outbox.Options{Interval: 50 * time.Millisecond})
	w.Start()
	defer func() { _ = w.Stop(context.Background()) }()
	s.waitOutboxIdle()
}

// waitOutboxIdle waits until no mail is queued or sending.
func (s *site) waitOutboxIdle() {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var n int
		if err := s.app.DB().NewQuery("SELECT COUNT(*) FROM email_outbox WHERE status IN ('queued', 'sending')").Row(&n); err != nil {
			s.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%d mails still queued", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var mailToken = regexp.MustCompile(`https://members\.example\.org(/privacy/(?:confirm|download))\?token=([A-Za-z0-9_-]{43})`)

// linkIn returns the path and token of the link in a mail's text.
func linkIn(t *testing.T, m smtptest.Mail) (path, token string) {
	t.Helper()
	match := mailToken.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no link in mail %q:\n%s", m.Subject, m.Text)
	}
	return match[1], match[2]
}
