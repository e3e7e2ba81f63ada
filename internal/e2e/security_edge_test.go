package e2e

import (
	"fmt"
	"net/http"
	"testing"
)

// edgeCases are the matrix rows of the HTTP edge: hosts, proxies, the HTTPS
// redirect, HSTS, headers and CORS. They need no form route.
func edgeCases(inst *instance) []matrixCase {
	port := inst.Proxy.Port
	fromProxy := http.Header{"Host": {proxyHost}, "X-Forwarded-Proto": {"https"}}
	with := func(h http.Header, k, v string) http.Header { h = h.Clone(); h.Set(k, v); return h }
	page := pageHeaders()
	page["Referrer-Policy"] = "same-origin"
	page["X-Powered-By"] = "-"
	page["Server"] = "-"
	return []matrixCase{
		// Hosts.
		{name: "allowed host", path: "/", status: 200, want: page},
		{name: "allowed host upper-case with trailing dot", path: "/", header: http.Header{"Host": {fmt.Sprintf("LOCALHOST.:%d", port)}}, status: 200},
		{name: "foreign host", path: "/lookup", header: http.Header{"Host": {"evil.example"}}, status: 400, check: bodyLacks("evil.example")},
		{name: "foreign host on a POST", method: http.MethodPost, path: "/privacy/member-id", header: http.Header{"Host": {"evil.example"}}, status: 400, check: bodyLacks("evil.example")},
		{name: "foreign host on the API is JSON", path: "/api/health", header: http.Header{"Host": {"evil.example"}}, status: 400, check: apiJSON},
		{name: "probe with an IP host", path: "/healthz", header: http.Header{"Host": {"10.1.2.3:8090"}}, status: 200},
		{name: "readiness probe with an IP host", path: "/readyz", header: http.Header{"Host": {"10.1.2.3:8090"}}, status: 200, want: map[string]string{"Cache-Control": "no-store"}},
		{name: "absolute-form target with a foreign host", raw: "GET http://evil.example/lookup HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n", src: "127.0.0.1", status: 400, check: bodyLacks("evil.example")},
		{name: "no Host header", raw: "GET /lookup HTTP/1.0\r\nX-Forwarded-Proto: https\r\n\r\n", src: "127.0.0.1", status: 400},

		// HTTPS redirect: plain HTTP from the trusted proxy's address.
		{name: "plain HTTP GET redirects", direct: true, src: "127.0.0.1", path: "/lookup?a=1", header: http.Header{"Host": {proxyHost}}, status: 301,
			want: map[string]string{"Location": "https://localhost/lookup?a=1", "Strict-Transport-Security": "-"}},
		{name: "plain HTTP HEAD redirects", direct: true, src: "127.0.0.1", method: http.MethodHead, path: "/", header: http.Header{"Host": {proxyHost}}, status: 301,
			want: map[string]string{"Location": "https://localhost/", "Strict-Transport-Security": "-"}},
		{name: "plain HTTP POST redirects keeping the method", direct: true, src: "127.0.0.1", method: http.MethodPost, path: "/privacy/member-id", header: http.Header{"Host": {proxyHost}}, status: 308,
			want: map[string]string{"Location": "https://localhost/privacy/member-id", "Strict-Transport-Security": "-"}},
		{name: "plain HTTP probe is not redirected", direct: true, src: "127.0.0.1", path: "/healthz", header: http.Header{"Host": {"10.1.2.3"}}, status: 200,
			want: map[string]string{"Strict-Transport-Security": "-"}},
		{name: "redirect ignores X-Forwarded-Host", direct: true, src: "127.0.0.1", path: "/", header: http.Header{"Host": {proxyHost}, "X-Forwarded-Host": {"evil.example"}}, status: 301,
			want: map[string]string{"Location": "https://localhost/"}},

		// Proxies: only 127.0.0.1 is trusted.
		{name: "forwarded proto from the trusted proxy", direct: true, src: "127.0.0.1", path: "/", header: fromProxy, status: 200,
			want: map[string]string{"Strict-Transport-Security": hstsValue}},
		{name: "forwarded proto from an untrusted peer is dropped", direct: true, src: "127.0.0.22", path: "/", header: fromProxy, status: 301,
			want: map[string]string{"Location": "https://localhost/", "Strict-Transport-Security": "-"}},
		{name: "client IP from the trusted proxy's X-Forwarded-For", direct: true, src: "127.0.0.1", path: "/", header: with(fromProxy, "X-Forwarded-For", "198.51.100.7, 127.0.0.1"), status: 200,
			check: loggedClientIP("198.51.100.7")},
		{name: "X-Forwarded-For from an untrusted peer is dropped", direct: true, src: "127.0.0.23", path: "/healthz", header: http.Header{"X-Forwarded-For": {"198.51.100.8"}}, status: 200,
			check: loggedClientIP("127.0.0.23")},
		{name: "spoofed X-Forwarded-For through the proxy names the real peer", src: "127.0.0.24", path: "/", header: http.Header{"X-Forwarded-For": {"203.0.113.9"}}, status: 200,
			check: loggedClientIP("127.0.0.24")},
		{name: "X-Forwarded-Host is ignored", direct: true, src: "127.0.0.1", path: "/", header: with(fromProxy, "X-Forwarded-Host", "evil.example"), status: 200,
			check: bodyLacks("evil.example")},

		// HSTS and headers on errors, assets and the API.
		{name: "unknown path gets the branded 404", path: "/no-such-page", status: 404, want: page},
		{name: "unknown path with a query", path: "/wp-login.php?x=1", status: 404},
		{name: "API keeps JSON errors", path: "/api/collections/nope/records", status: 404, check: apiJSON},
		{name: "API answers with HSTS", path: "/api/health", status: 200},
		{name: "dashboard keeps its own CSP", path: "/_/", status: 200, want: map[string]string{"X-Frame-Options": "DENY"}},
		{name: "form page sets the __Host- cookie", path: "/lookup", status: 200, want: map[string]string{"Cache-Control": "no-store"}, check: hostCookie},

		// CORS: no CORS_ORIGINS, no cross-origin browser access.
		{name: "no CORS for a foreign origin", path: "/api/health", header: http.Header{"Origin": {"https://evil.example"}}, status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": "-"}},
		{name: "no CORS preflight", method: http.MethodOptions, path: "/api/collections/members/records",
			header: http.Header{"Origin": {"https://evil.example"}, "Access-Control-Request-Method": {"POST"}}, status: 404,
			want: map[string]string{"Access-Control-Allow-Origin": "-", "Access-Control-Allow-Methods": "-"}, check: apiJSON},
	}
}

// hostCookie checks the CSRF cookie of a production form page.
func hostCookie(t *testing.T, _ *instance, res response) {
	t.Helper()
	cookies := (&http.Response{Header: res.Header}).Cookies()
	if len(cookies) != 1 {
		t.Fatalf("want one cookie, got %v", res.Header.Values("Set-Cookie"))
	}
	c := cookies[0]
	if c.Name != "__Host-csrf" || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("cookie: %s", res.Header.Get("Set-Cookie"))
	}
}
