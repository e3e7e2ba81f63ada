package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

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

// TestRateLimitRulesFromEnvironment: RATE_LIMIT becomes a "POST /path" rule
// for every public POST route (config.PublicPostRoutes), enforced by
// PocketBase's limiter per client IP, whatever the route answers before.
func TestRateLimitRulesFromEnvironment(t *testing.T) {
	s := newSite(t, prodEnv(map[string]string{"RATE_LIMIT": "2/1m"}), siteOpts{})
	for _, p := range []string{"/join", "/privacy/deletion"} {
		for i := range 3 {
			resp, page := s.req("POST", p, strings.NewReader("email=a%40b.c"), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
			limited := resp.StatusCode == http.StatusTooManyRequests
			if limited != (i == 2) {
				t.Fatalf("POST %s #%d: %d", p, i+1, resp.StatusCode)
			}
			if limited && (resp.Header.Get("Retry-After") != "60" || !strings.Contains(page, "Too many requests")) {
				t.Errorf("POST %s: 429 without Retry-After or page", p)
			}
		}
	}
	// GET is not a public POST: never limited by these rules.
	for range 4 {
		if resp, _ := s.req("GET", "/lookup", nil, nil); resp.StatusCode != 200 {
			t.Fatalf("GET /lookup: %d", resp.StatusCode)
		}
	}
}
