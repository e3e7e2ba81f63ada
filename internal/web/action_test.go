package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
	"memberbase/internal/web"
)

const fallbackKey = "previous-secret-key-previous-secret-key-previous-0123456789"

// formRoutes registers a test-only form action that writes one row per
// accepted submission, and a POST-only action without a page.
func formRoutes(ws *web.Server, se *core.ServeEvent) {
	submit := func(e *core.RequestEvent, f *web.Form) error {
		if !strings.Contains(f.Value("email"), "@") {
			f.Fail("email", "Enter an email address like name@example.org.")
			return ws.Invalid(e, "testform", f, nil)
		}
		col, err := e.App.FindCollectionByNameOrId("testwrites")
		if err != nil {
			return err
		}
		r := core.NewRecord(col)
		r.Set("email", f.Value("email"))
		if err := e.App.Save(r); err != nil {
			return err
		}
		return e.Redirect(http.StatusSeeOther, "/privacy/sent")
	}
	ws.HandleAction(se.Router.RouterGroup, web.Action{
		Path:   "/test/action",
		Page:   "testform",
		Show:   func(e *core.RequestEvent) error { return ws.RenderForm(e, http.StatusOK, "testform", nil, nil) },
		Submit: submit,
	})
	ws.HandleAction(se.Router.RouterGroup, web.Action{Path: "/test/postonly", Page: "testform", Submit: submit})
}

func withWrites(app *tests.TestApp) {
	col := core.NewBaseCollection("testwrites")
	col.Fields.Add(&core.TextField{Name: "email"})
	if err := app.Save(col); err != nil {
		panic(err)
	}
}

func (s *site) writes() int {
	n, err := s.app.CountRecords("testwrites")
	if err != nil {
		s.t.Fatal(err)
	}
	return int(n)
}

var tokenRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// form GETs the form page and returns the cookie value and the token.
func (s *site) form() (cookie, token string) {
	s.t.Helper()
	resp, body := s.req("GET", "/test/action", nil, nil)
	m := tokenRe.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		s.t.Fatalf("form page: %d %s", resp.StatusCode, body)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-csrf" {
			return c.Value, m[1]
		}
	}
	s.t.Fatal("no __Host-csrf cookie")
	return "", ""
}

func sameOrigin(cookie string) map[string]string {
	return map[string]string{
		"Content-Type":   "application/x-www-form-urlencoded",
		"Origin":         "https://members.example.org",
		"Sec-Fetch-Site": "same-origin",
		"Cookie":         "__Host-csrf=" + cookie,
	}
}

func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

func body(token string, kv ...string) io.Reader {
	v := url.Values{"email": {"ada@example.org"}}
	if token != "" {
		v.Set("csrf_token", token)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return strings.NewReader(v.Encode())
}

func TestCSRFMatrix(t *testing.T) {
	s := newSite(t, prodEnv(map[string]string{
		"SECRET_KEY_FALLBACKS": fallbackKey,
		"CSRF_TRUSTED_ORIGINS": "https://proxy.example.org",
	}), siteOpts{routes: formRoutes, before: withWrites})
	cookie, token := s.form()
	cookieB, tokenB := s.form()
	if cookie == cookieB {
		t.Fatal("each fresh visitor gets a fresh cookie")
	}
	fb := web.NewCSRFMust(t, testapp.Config(t, prodEnv(map[string]string{"SECRET_KEY": fallbackKey})))
	unknown := web.NewCSRFMust(t, testapp.Config(t, prodEnv(map[string]string{"SECRET_KEY": "some-other-secret-key-some-other-secret-key-some-other-0001"})))
	tampered := token[:len(token)-2] + map[bool]string{true: "AA", false: "BA"}[strings.HasSuffix(token, "AA")]
	h := sameOrigin(cookie)

	cases := []struct {
		name   string
		hdr    map[string]string
		body   io.Reader
		status int
	}{
		{"no token", h, body(""), 403},
		{"tampered token", h, body(tampered), 403},
		{"token of another cookie", h, body(tokenB), 403},
		{"no cookie", with(h, "Cookie", ""), body(token), 403},
		{"fallback key", h, body(fb.Issue(cookie, time.Now())), 303},
		{"unknown key", h, body(unknown.Issue(cookie, time.Now())), 403},
		{"cross-site with valid token", with(h, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), body(token), 403},
		{"same-site with valid token", with(h, "Sec-Fetch-Site", "same-site", "Origin", "https://other.example.org"), body(token), 403},
		{"Origin null without fetch metadata", with(h, "Sec-Fetch-Site", "", "Origin", "null"), body(token), 403},
		{"foreign Origin without fetch metadata", with(h, "Sec-Fetch-Site", "", "Origin", "https://evil.example"), body(token), 403},
		{"Origin null, same-origin fetch (no-referrer page)", with(h, "Origin", "null"), body(token), 303},
		{"trusted origin", with(h, "Sec-Fetch-Site", "cross-site", "Origin", "https://proxy.example.org"), body(token), 303},
		{"valid", h, body(token), 303},
		{"method override ignored", with(h, "X-HTTP-Method-Override", "DELETE"), body(token, "_method", "DELETE"), 303},
	}
	want := 0
	for _, c := range cases {
		before := s.writes()
		resp, page := s.req("POST", "/test/action", c.body, c.hdr)
		if resp.StatusCode != c.status {
			t.Errorf("%s: %d, want %d\n%s", c.name, resp.StatusCode, c.status, page)
		}
		wrote := s.writes() - before
		if c.status == 303 {
			want++
			if wrote != 1 {
				t.Errorf("%s: %d rows written", c.name, wrote)
			}
		} else if wrote != 0 {
			t.Errorf("%s: refused but %d rows written", c.name, wrote)
		}
		if c.status == 403 && !strings.Contains(page, "Forbidden") {
			t.Errorf("%s: no branded 403 page", c.name)
		}
	}

	// An expired token from the same origin: the form comes back, values kept,
	// a fresh token, nothing written.
	before := s.writes()
	expired := s.web.CSRF.Issue(cookie, time.Now().Add(-web.CSRFTokenTTL-time.Minute))
	resp, page := s.req("POST", "/test/action", body(expired, "email", "kept@example.org"), h)
	m := tokenRe.FindStringSubmatch(page)
	if resp.StatusCode != 422 || !strings.Contains(page, `value="kept@example.org"`) || !strings.Contains(page, "expired") ||
		m == nil || m[1] == expired || resp.Header.Get("Cache-Control") != "no-store" || s.writes() != before {
		t.Errorf("expired token: %d %q\n%s", resp.StatusCode, resp.Header.Get("Cache-Control"), page)
	}
	if resp, _ := s.req("POST", "/test/action", body(m[1], "email", "kept@example.org"), h); resp.StatusCode != 303 {
		t.Errorf("the fresh token must work: %d", resp.StatusCode)
	}
	want++
	// Invalid input: 422, the error next to the field, values kept.
	resp, page = s.req("POST", "/test/action", body(token, "email", "not-an-address"), h)
	if resp.StatusCode != 422 || !contains(page, `id="email-error"`, `value="not-an-address"`) {
		t.Errorf("invalid form: %d\n%s", resp.StatusCode, page)
	}
	if got := s.writes(); got != want {
		t.Errorf("%d rows written, want %d", got, want)
	}
}
