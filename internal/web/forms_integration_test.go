package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
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

func TestFormPageCookie(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{routes: formRoutes, before: withWrites})
	resp, _ := s.req("GET", "/test/action", nil, nil)
	sc := resp.Header.Get("Set-Cookie")
	for _, part := range []string{"__Host-csrf=", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(sc, part) {
			t.Errorf("Set-Cookie %q lacks %s", sc, part)
		}
	}
	if strings.Contains(sc, "Domain=") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("cookie %q / Cache-Control %q", sc, resp.Header.Get("Cache-Control"))
	}
	dev := newSite(t, map[string]string{"ALLOWED_HOSTS": "members.example.org"}, siteOpts{plainHTTP: true, routes: formRoutes, before: withWrites})
	resp, _ = dev.req("GET", "/test/action", nil, nil)
	if sc := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(sc, "csrf=") || strings.Contains(sc, "Secure") {
		t.Errorf("development cookie %q", sc)
	}
}

func TestPostOnlyAndBodyLimits(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{routes: formRoutes, before: withWrites})
	for _, m := range []string{"GET", "HEAD", "PUT", "PATCH", "DELETE"} {
		resp, page := s.req(m, "/test/postonly", nil, map[string]string{"X-HTTP-Method-Override": "POST"})
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" || (m == "GET" && !strings.Contains(page, "Method not allowed")) {
			t.Errorf("%s on a POST-only action: %d Allow %q", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if resp, _ := s.req("PUT", "/test/action", nil, nil); resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("PUT on a form page: %d %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	cookie, token := s.form()
	h := sameOrigin(cookie)
	big := url.Values{"email": {"a@b.c"}, "csrf_token": {token}, "pad": {strings.Repeat("x", 100_000)}}.Encode()
	cases := []struct {
		name   string
		hdr    map[string]string
		body   io.Reader
		status int
	}{
		{"100 kB", h, strings.NewReader(big), 413},
		{"100 kB chunked", h, io.MultiReader(strings.NewReader(big)), 413},
		{"JSON", with(h, "Content-Type", "application/json"), strings.NewReader(`{"email":"a@b.c","csrf_token":"` + token + `"}`), 415},
		{"multipart", with(h, "Content-Type", "multipart/form-data; boundary=x"), strings.NewReader("--x--\r\n"), 415},
		{"%zz", h, strings.NewReader("email=%zz&csrf_token=" + url.QueryEscape(token)), 400},
		{"invalid UTF-8", h, strings.NewReader("email=%ff%fe&csrf_token=" + url.QueryEscape(token)), 400},
		{"duplicate field", h, strings.NewReader("email=a%40b.c&email=c%40d.e&csrf_token=" + url.QueryEscape(token)), 400},
	}
	for _, c := range cases {
		resp, page := s.req("POST", "/test/postonly", c.body, c.hdr)
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || strings.Contains(page, "SECRET") {
			t.Errorf("%s: %d %s, want %d", c.name, resp.StatusCode, resp.Header.Get("Content-Type"), c.status)
		}
	}
	// A Content-Length that announces more than the limit is refused before
	// the body is read.
	resp, _ := s.raw("POST /test/postonly HTTP/1.1\r\nHost: members.example.org\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"Origin: https://members.example.org\r\nCookie: __Host-csrf=" + cookie + "\r\nContent-Length: 100000\r\nConnection: close\r\n\r\nemail=a")
	if resp.StatusCode != 413 {
		t.Errorf("lying Content-Length: %d", resp.StatusCode)
	}
	if n := s.writes(); n != 0 {
		t.Errorf("%d rows written by refused requests", n)
	}
}

func TestRateLimits(t *testing.T) {
	s := newSite(t, prodEnv(map[string]string{"RATE_LIMIT": "30/1m", "TRUSTED_PROXIES": "10.0.0.0/8"}), siteOpts{routes: formRoutes, before: withWrites})
	// Rules come from the environment (config.PublicPostRoutes); the test
	// route gets one of its own, in memory, as a reload would drop it.
	s.app.Settings().RateLimits.Rules = append([]core.RateLimitRule{{Label: "POST /test/postonly", MaxRequests: 3, Duration: 45}}, s.app.Settings().RateLimits.Rules...)
	cookie, token := s.form()
	for i := range 5 {
		// A different X-Forwarded-For each time from an untrusted peer must
		// not buy new allowances.
		hdr := with(sameOrigin(cookie), "X-Forwarded-For", "198.51.100."+strconv.Itoa(i+1))
		resp, page := s.req("POST", "/test/postonly", body(token), hdr)
		want := 303
		if i >= 3 {
			want = 429
		}
		if resp.StatusCode != want {
			t.Fatalf("post %d: %d, want %d", i+1, resp.StatusCode, want)
		}
		if want == 429 && (resp.Header.Get("Retry-After") != "45" || !strings.Contains(page, "Too many requests") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")) {
			t.Errorf("429 page: Retry-After %q\n%s", resp.Header.Get("Retry-After"), page)
		}
	}
	if n := s.writes(); n != 3 {
		t.Errorf("%d rows written, want 3", n)
	}
	// /api/ keeps JSON, with Retry-After too (PocketBase's *:auth rule, 2/3s).
	var last *http.Response
	var lastBody string
	for range 3 {
		last, lastBody = s.req("POST", "/api/collections/_superusers/auth-with-password",
			strings.NewReader(`{"identity":"x@example.org","password":"wrong-password"}`), map[string]string{"Content-Type": "application/json"})
	}
	if last.StatusCode != 429 || last.Header.Get("Retry-After") != "3" || !strings.Contains(lastBody, `"status":429`) {
		t.Errorf("/api/ 429: %d %q %s", last.StatusCode, last.Header.Get("Retry-After"), lastBody)
	}
}
