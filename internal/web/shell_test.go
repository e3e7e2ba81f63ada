package web_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/logger"

	"memberbase/internal/testapp"
)

func addLink(t *testing.T, app core.App, label, url string, order int, visible bool) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("social_links")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("label", label)
	r.Set("url", url)
	r.Set("sort_order", order)
	r.Set("visible", visible)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPagesRenderInBothProfiles(t *testing.T) {
	sample := func(app *tests.TestApp) {
		addLink(t, app, "Mastodon", "https://mastodon.example.org/@union", 1, true)
		addLink(t, app, "Hidden", "https://hidden.example.org/", 2, false)
	}
	for name, s := range map[string]*site{
		"production":  newSite(t, prodEnv(nil), siteOpts{before: sample}),
		"development": newSite(t, map[string]string{"ALLOWED_HOSTS": "members.example.org", "ORG_NAME": "Example Union"}, siteOpts{plainHTTP: true, before: sample}),
	} {
		for _, c := range []struct {
			path string
			want []string
		}{
			{"/", []string{"<h1>Example Union</h1>", `href="/join"`, `href="/lookup"`}},
			{"/lookup", []string{`action="/privacy/member-id"`, `action="/privacy/details"`, `action="/privacy/deletion"`,
				`name="csrf_token"`, `<label for="member-id-email">`, `name="website"`, `type="email"`}},
			{"/join", []string{`action="/join"`, `name="csrf_token"`, `<label for="first_name">`, `<label for="last_name">`,
				`<label for="email">`, `<label for="phone">`, `name="consent" type="checkbox" value="yes" required`,
				`name="marketing_opt_in" type="checkbox" value="yes"`, `name="consent_version" value="1"`, `href="/privacy"`, `name="website"`}},
			{"/join/confirm?token=unknown", []string{"Link no longer valid", `href="/join"`}},
			{"/privacy", []string{"Privacy notice", "controller", "supervisory authority"}},
			{"/join/sent", []string{"If this address can receive it, we have emailed it."}},
			{"/privacy/sent", []string{"If this address can receive it, we have emailed it."}},
			{"/privacy/confirmed", []string{"Request confirmed", "emailed you a link"}},
			{"/missing", []string{"Page not found"}},
		} {
			resp, body := s.req("GET", c.path, nil, nil)
			common := []string{`<html lang="en">`, `class="skip" href="#main"`, "Example Union", "Mastodon", `href="https://mastodon.example.org/@union"`}
			if !contains(body, append(common, c.want...)...) || strings.Contains(body, "Hidden") {
				t.Errorf("%s %s: %d\n%s", name, c.path, resp.StatusCode, body)
			}
			if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
				t.Errorf("%s %s: inline style or script (the CSP forbids them)", name, c.path)
			}
		}
		for _, p := range []string{"/lookup", "/join", "/join/confirm?token=unknown"} {
			if resp, _ := s.req("GET", p, nil, nil); resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %s sets the CSRF cookie or carries a token and must be no-store", name, p)
			}
		}
		a, _ := s.req("GET", "/join/sent", nil, nil)
		b, _ := s.req("GET", "/privacy/sent", nil, nil)
		if a.StatusCode != 200 || b.StatusCode != 200 {
			t.Errorf("%s: sent pages %d %d", name, a.StatusCode, b.StatusCode)
		}
	}
}

func TestWarmPagesRunNoSQL(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{before: func(app *tests.TestApp) {
		addLink(t, app, "Mastodon", "https://mastodon.example.org/@union", 1, true)
	}})
	// Background workers query on their own schedule: pause them so only
	// the pages' own SQL is counted.
	testapp.PauseWorkers(t, s.app)
	var n atomic.Int64
	for _, b := range []dbx.Builder{s.app.ConcurrentDB(), s.app.NonconcurrentDB()} {
		db := b.(*dbx.DB)
		db.QueryLogFunc = func(_ context.Context, _ time.Duration, _ string, _ *sql.Rows, _ error) { n.Add(1) }
		db.ExecLogFunc = func(_ context.Context, _ time.Duration, _ string, _ sql.Result, _ error) { n.Add(1) }
	}
	for _, p := range []string{"/", "/lookup", "/join", "/privacy", "/privacy/confirmed"} {
		s.req("GET", p, nil, nil) // warm
		before := n.Load()
		resp, body := s.req("GET", p, nil, nil)
		if got := n.Load() - before; got != 0 || resp.StatusCode != 200 || !strings.Contains(body, "Mastodon") {
			t.Errorf("warm GET %s ran %d SQL statements (status %d)", p, got, resp.StatusCode)
		}
	}
	if n.Load() == 0 {
		t.Fatal("the counter saw nothing: the cold render must have queried social_links")
	}
}

func TestSocialLinksFollowChanges(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{})
	footer := func() string {
		_, body := s.req("GET", "/", nil, nil)
		i := strings.Index(body, "<footer")
		return body[i:]
	}
	if strings.Contains(footer(), "Mastodon") {
		t.Fatal("no links yet")
	}
	r := addLink(t, s.app, "Mastodon", "https://mastodon.example.org/@union", 2, true)
	if !strings.Contains(footer(), "Mastodon") {
		t.Error("created link missing")
	}
	addLink(t, s.app, "Newsletter", "https://news.example.org/", 1, true)
	if f := footer(); !strings.Contains(f, "Newsletter") || strings.Index(f, "Newsletter") > strings.Index(f, "Mastodon") {
		t.Error("links must follow sort_order")
	}
	r.Set("label", "Fediverse")
	if err := s.app.Save(r); err != nil {
		t.Fatal(err)
	}
	if f := footer(); !strings.Contains(f, "Fediverse") || strings.Contains(f, "Mastodon") {
		t.Error("edited label not shown")
	}
	r.Set("visible", false)
	if err := s.app.Save(r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(footer(), "Fediverse") {
		t.Error("hidden link still shown")
	}
	if err := s.app.Delete(must(s.app.FindFirstRecordByData("social_links", "label", "Newsletter"))); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(footer(), "Newsletter") {
		t.Error("deleted link still shown")
	}
}

var cssRe = regexp.MustCompile(`href="([^"]*css/site\.[0-9a-f]{12}\.css)"`)

func TestStaticAssets(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{})
	_, body := s.req("GET", "/", nil, nil)
	m := cssRe.FindStringSubmatch(body)
	if m == nil || !strings.HasPrefix(m[1], "/static/") {
		t.Fatalf("no hashed stylesheet link in\n%s", body)
	}
	resp, css := s.req("GET", m[1], nil, map[string]string{"Accept-Encoding": "identity"})
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || !strings.Contains(css, "--accent") || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		etag == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("asset: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := s.req("GET", m[1], nil, map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", s.srv.URL+m[1], nil)
	req.Host = "members.example.org"
	req.Header.Set("Accept-Encoding", "gzip")
	raw, _ := s.do(req)
	if raw.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("gzip not offered: %v", raw.Header)
	}
	for _, p := range []string{"/static/css/site.css", "/static/css/site.000000000000.css", "/static/nope"} {
		if resp, _ := s.req("GET", p, nil, nil); resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
	cdn := newSite(t, prodEnv(map[string]string{"STATIC_URL": "https://cdn.example.net/assets/"}), siteOpts{})
	resp, body = cdn.req("GET", "/", nil, nil)
	if m := cssRe.FindStringSubmatch(body); m == nil || !strings.HasPrefix(m[1], "https://cdn.example.net/assets/css/site.") {
		t.Errorf("STATIC_URL not used:\n%s", body)
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "https://cdn.example.net") {
		t.Errorf("CSP does not follow STATIC_URL")
	}
}

func TestPageHitsStayOutOfRequestLog(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{})
	s.app.Settings().Logs.MinLevel = 0 // successes too, so the skip is what keeps them out
	s.app.Logger().Handler().(*logger.BatchHandler).SetLevel(slog.LevelInfo)
	s.req("GET", "/", nil, nil)
	s.req("GET", "/lookup", nil, nil)
	s.req("GET", "/privacy/sent", nil, nil)
	s.req("GET", "/no-such-page", nil, nil)
	msgs := testapp.PBLogs(t, s.app, "SELECT message FROM _logs WHERE json_extract(data, '$.type') = 'request'",
		func(rows []string) bool { return slices.Contains(rows, "GET /no-such-page") })
	if len(msgs) != 1 || msgs[0] != "GET /no-such-page" {
		t.Errorf("request log rows: %q", msgs)
	}
}
