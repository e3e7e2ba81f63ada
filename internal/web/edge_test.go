package web_test

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/web"
)

// pageHeaders is SPEC §7's header set on our pages.
var pageHeaders = map[string]string{
	"Content-Security-Policy":    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"X-Frame-Options":            "DENY",
	"Referrer-Policy":            "same-origin",
	"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
	"Cross-Origin-Opener-Policy": "same-origin",
	"X-XSS-Protection":           "0",
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{routes: statusRoutes})
	for _, p := range []string{"/", "/no-such-page", "/test/status/500", "/test/status/422", "/test/panic", "/static/css/site.css"} {
		resp, _ := s.req("GET", p, nil, nil)
		for k, v := range pageHeaders {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", p, k, got, v)
			}
		}
		for _, k := range []string{"Server", "X-Powered-By"} {
			if v := resp.Header.Get(k); v != "" {
				t.Errorf("%s: %s disclosed: %q", p, k, v)
			}
		}
	}
	// The dashboard keeps its own CSP (it needs inline styles).
	if resp, _ := s.req("GET", "/_/", nil, nil); strings.Contains(resp.Header.Get("Content-Security-Policy"), "object-src 'none'") {
		t.Errorf("dashboard got the site CSP")
	}
	cdn := newSite(t, prodEnv(map[string]string{"STATIC_URL": "https://cdn.example.net/assets/"}), siteOpts{})
	if resp, _ := cdn.req("GET", "/", nil, nil); !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'self' https://cdn.example.net;") {
		t.Errorf("CDN CSP: %q", resp.Header.Get("Content-Security-Policy"))
	}
}

func TestCORS(t *testing.T) {
	preflight := map[string]string{"Access-Control-Request-Method": "GET"}
	withOrigin := func(o string, h map[string]string) map[string]string {
		m := map[string]string{"Origin": o}
		for k, v := range h {
			m[k] = v
		}
		return m
	}
	allowed := newSite(t, prodEnv(map[string]string{"CORS_ORIGINS": "https://app.example.org"}), siteOpts{})
	resp, _ := allowed.req("OPTIONS", "/api/health", nil, withOrigin("https://app.example.org", preflight))
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://app.example.org" {
		t.Errorf("allowed preflight: ACAO %q (status %d)", got, resp.StatusCode)
	}
	resp, _ = allowed.req("OPTIONS", "/api/health", nil, withOrigin("https://evil.example", preflight))
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("foreign preflight: ACAO %q", got)
	}
	resp, _ = allowed.req("GET", "/", nil, withOrigin("https://app.example.org", nil))
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("CORS outside /api/: ACAO %q", got)
	}

	none := newSite(t, prodEnv(nil), siteOpts{})
	for _, m := range []string{"OPTIONS", "GET"} {
		resp, _ := none.req(m, "/api/health", nil, withOrigin("https://app.example.org", preflight))
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("CORS_ORIGINS empty, %s: ACAO %q", m, got)
		}
	}
}

var hexID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestRequestIDs(t *testing.T) {
	trusted := newSite(t, prodEnv(map[string]string{"TRUSTED_PROXIES": "127.0.0.1/32"}), siteOpts{})
	untrusted := newSite(t, prodEnv(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8"}), siteOpts{})
	cases := []struct {
		name string
		s    *site
		in   string
		keep bool
	}{
		{"accepted from a trusted proxy", trusted, "req-7f3a.b_c:1", true},
		{"too long", trusted, strings.Repeat("a", 129), false},
		{"bad charset", trusted, "abc def<script>", false},
		{"untrusted peer", untrusted, "req-7f3a", false},
		{"none", trusted, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hdr := map[string]string{"X-Forwarded-Proto": "https"}
			if c.in != "" {
				hdr["X-Request-ID"] = c.in
			}
			resp, body := c.s.req("GET", "/no-such-page", nil, hdr)
			got := resp.Header.Get("X-Request-ID")
			if c.keep && got != c.in || !c.keep && !hexID.MatchString(got) {
				t.Fatalf("X-Request-ID %q for input %q", got, c.in)
			}
			if !strings.Contains(body, got) {
				t.Errorf("error page lacks its reference %q", got)
			}
		})
	}
}

// statusRoutes registers /test/status/{code} returning that status as an
// error carrying internals, and /test/panic.
func statusRoutes(_ *web.Server, se *core.ServeEvent) {
	se.Router.GET("/test/status/{code}", func(e *core.RequestEvent) error {
		var code int
		for _, ch := range e.Request.PathValue("code") {
			code = code*10 + int(ch-'0')
		}
		internal := errors.New("SECRET-INTERNAL sql: SELECT * FROM members /home/app/pb_data v0.40.4")
		if code == 500 {
			return internal // a plain error: ours, so 500
		}
		return apis.NewApiError(code, "", internal)
	})
	se.Router.GET("/test/panic", func(e *core.RequestEvent) error {
		panic("SECRET-INTERNAL boom at /home/app/main.go:42")
	})
}

func TestErrorPages(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{routes: statusRoutes})
	for _, code := range []int{400, 403, 404, 405, 410, 413, 415, 422, 429, 500} {
		path := "/test/status/" + strconv.Itoa(code)
		resp, body := s.req("GET", path, nil, nil)
		if resp.StatusCode != code || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%d: got %d %s", code, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !contains(body, "Example Union", "Reference:", resp.Header.Get("X-Request-ID")) || strings.Contains(body, "SECRET-INTERNAL") ||
			strings.Contains(body, "SELECT") || strings.Contains(body, "pb_data") || strings.Contains(body, "0.40") {
			t.Errorf("%d: branded page without internals expected:\n%s", code, body)
		}
	}
	resp, body := s.req("GET", "/test/panic", nil, nil)
	if resp.StatusCode != 500 || !contains(body, "Something went wrong") || strings.Contains(body, "SECRET-INTERNAL") || strings.Contains(body, "goroutine") {
		t.Errorf("panic: %d\n%s", resp.StatusCode, body)
	}
	resp, body = s.req("GET", "/some/unknown/path", nil, nil)
	if resp.StatusCode != 404 || !contains(body, "Page not found", "Example Union") {
		t.Errorf("unknown path: %d\n%s", resp.StatusCode, body)
	}
	for _, p := range []string{"/api/nope", "/api/collections/nope/records"} {
		resp, body = s.req("GET", p, nil, nil)
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, `"status":404`) {
			t.Errorf("%s: %d %s %s", p, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	if resp, body = s.req("GET", "/_/", nil, nil); resp.StatusCode != 200 || strings.Contains(body, "Page not found") {
		t.Errorf("dashboard: %d", resp.StatusCode)
	}
	// Development shows the error text to the developer.
	dev := newSite(t, map[string]string{"ALLOWED_HOSTS": "members.example.org"}, siteOpts{plainHTTP: true, routes: statusRoutes})
	if _, body := dev.req("GET", "/test/status/500", nil, nil); !strings.Contains(body, "SECRET-INTERNAL") {
		t.Errorf("development error page lacks the detail")
	}
}
