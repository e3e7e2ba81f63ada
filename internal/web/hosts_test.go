package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/web"
)

// echoIP registers GET /test/ip answering "RealIP https?".
func echoIP(_ *web.Server, se *core.ServeEvent) {
	se.Router.GET("/test/ip", func(e *core.RequestEvent) error {
		https := "http"
		if web.IsHTTPS(e) {
			https = "https"
		}
		return e.String(http.StatusOK, e.RealIP()+" "+https+" "+e.Request.Header.Get("X-Forwarded-Host"))
	})
}

func TestHostAllowList(t *testing.T) {
	s := newSite(t, prodEnv(nil), siteOpts{})
	// Django's poisoned-host vectors (tests/requests_tests) and friends.
	bad := []string{
		"evil.com", "members.example.org.evil.com", "members.example.org@evil.com",
		"members.example.org:dr.frankenstein@evil.tld", "members.example.org:dr.frankenstein@evil.tld:80",
		"members.example.org:80/badpath", "members.example.org: recovermypassword.com",
		"other.example.org", "example.org", "[::1]", "127.0.0.1",
	}
	for _, h := range bad {
		resp, body := s.raw("GET / HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("Host %q: status %d, want 400", h, resp.StatusCode)
		}
		if strings.Contains(body, "evil") || strings.Contains(body, "frankenstein") || strings.Contains(body, "recovermypassword") {
			t.Errorf("Host %q echoed in the body", h)
		}
	}
	for _, h := range []string{"members.example.org", "MEMBERS.EXAMPLE.ORG.", "members.example.org:443"} {
		if resp, _ := s.raw("GET / HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n"); resp.StatusCode != http.StatusOK {
			t.Errorf("Host %q: status %d, want 200", h, resp.StatusCode)
		}
	}
	// Absolute-form targets: the target's host is what counts.
	if resp, _ := s.raw("GET https://evil.com/ HTTP/1.1\r\nHost: members.example.org\r\nConnection: close\r\n\r\n"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("absolute-form foreign target: %d, want 400", resp.StatusCode)
	}
	if resp, _ := s.raw("GET https://members.example.org/ HTTP/1.1\r\nHost: members.example.org\r\nConnection: close\r\n\r\n"); resp.StatusCode != http.StatusOK {
		t.Errorf("absolute-form own target: %d, want 200", resp.StatusCode)
	}
	// Probes answer whatever the Host (load balancers use IP literals).
	for _, p := range []string{"/healthz", "/readyz"} {
		if resp, _ := s.req("GET", p, nil, map[string]string{"Host": "10.0.0.5:8090"}); resp.StatusCode != http.StatusOK {
			t.Errorf("%s with IP Host: %d", p, resp.StatusCode)
		}
	}
	// /api/ keeps JSON for a bad host.
	resp, body := s.req("GET", "/api/health", nil, map[string]string{"Host": "evil.com"})
	if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || strings.Contains(body, "evil") {
		t.Errorf("/api/ bad host: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestTrustedProxies(t *testing.T) {
	trusted := newSite(t, prodEnv(map[string]string{"TRUSTED_PROXIES": "127.0.0.1/32,10.0.0.0/8"}), siteOpts{plainHTTP: true, routes: echoIP})
	untrusted := newSite(t, prodEnv(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8"}), siteOpts{plainHTTP: true, routes: echoIP})
	// The proxy listed in its IPv4-mapped IPv6 form still matches the IPv4 peer.
	mapped := newSite(t, prodEnv(map[string]string{"TRUSTED_PROXIES": "::ffff:127.0.0.0/104"}), siteOpts{plainHTTP: true, routes: echoIP})
	https := map[string]string{"X-Forwarded-Proto": "https"}
	cases := []struct {
		name   string
		s      *site
		hdr    map[string]string
		status int
		want   string
	}{
		{"chain through two proxies", trusted, map[string]string{"X-Forwarded-For": "203.0.113.9, 10.1.1.1", "X-Forwarded-Proto": "https"}, 200, "203.0.113.9 https "},
		{"client-forged prefix ignored", trusted, map[string]string{"X-Forwarded-For": "1.2.3.4, 203.0.113.9, 10.1.1.1", "X-Forwarded-Proto": "https"}, 200, "203.0.113.9 https "},
		{"two headers", trusted, map[string]string{"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.com"}, 200, "198.51.100.7 https "},
		{"garbage entry → peer", trusted, map[string]string{"X-Forwarded-For": "1.2.3.4, nonsense", "X-Forwarded-Proto": "https"}, 200, "127.0.0.1 https "},
		{"no XFF → peer", trusted, https, 200, "127.0.0.1 https "},
		{"untrusted peer: spoof ignored", untrusted, map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, 301, ""},
		{"mapped proxy range", mapped, map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, 200, "203.0.113.9 https "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := c.s.req("GET", "/test/ip", nil, c.hdr)
			if resp.StatusCode != c.status || (c.want != "" && body != c.want) {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, body, c.status, c.want)
			}
		})
	}
	// From the untrusted peer over a trusted-looking header, the address
	// PocketBase sees is the peer's own (checked on HTTPS to get past the
	// redirect).
	u := newSite(t, prodEnv(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8"}), siteOpts{routes: echoIP})
	if _, body := u.req("GET", "/test/ip", nil, map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "evil.com"}); body != "127.0.0.1 https " {
		t.Errorf("untrusted peer: %q", body)
	}
}

func TestHTTPSRedirectAndHSTS(t *testing.T) {
	plain := newSite(t, prodEnv(nil), siteOpts{plainHTTP: true})
	for _, c := range []struct {
		method string
		status int
	}{{"GET", 301}, {"HEAD", 301}, {"POST", 308}, {"PUT", 308}, {"PATCH", 308}, {"DELETE", 308}, {"OPTIONS", 308}} {
		resp, _ := plain.req(c.method, "/join?a=1&b=2", nil, nil)
		if resp.StatusCode != c.status || resp.Header.Get("Location") != "https://members.example.org/join?a=1&b=2" {
			t.Errorf("%s: %d %q", c.method, resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS on plain HTTP", c.method)
		}
	}
	if resp, _ := plain.req("GET", "/healthz", nil, nil); resp.StatusCode != 200 || resp.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("probe on plain HTTP: %d", resp.StatusCode)
	}

	tlsSite := newSite(t, prodEnv(nil), siteOpts{})
	const want = "max-age=31536000; includeSubDomains; preload"
	for _, c := range []struct {
		path, host string
		status     int
	}{{"/", "", 200}, {"/no-such-page", "", 404}, {"/", "evil.com", 400}, {"/api/nope", "", 404}, {"/healthz", "", 200}} {
		hdr := map[string]string{}
		if c.host != "" {
			hdr["Host"] = c.host
		}
		resp, _ := tlsSite.req("GET", c.path, nil, hdr)
		if resp.StatusCode != c.status || resp.Header.Get("Strict-Transport-Security") != want {
			t.Errorf("%s host %q: %d HSTS %q", c.path, c.host, resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
		}
	}
}
