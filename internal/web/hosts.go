package web

import (
	"log/slog"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"

	"memberbase/internal/config"
)

// allowedHosts answers 400 to a Host outside ALLOWED_HOSTS on every route but
// the probes, which load balancers call with an IP-literal Host. For an
// absolute-form request target ("GET http://evil.example/ HTTP/1.1") Go puts
// the target's host in Request.Host; the Host header itself, when it differs,
// must be allowed too. The bad host is logged (quoted, truncated), never
// echoed to the client.
func (s *Server) allowedHosts(e *core.RequestEvent) error {
	if isProbe(e) {
		return e.Next()
	}
	for _, h := range []string{e.Request.Host, e.Request.URL.Host} {
		if h != "" && !config.HostAllowed(h, s.Config.AllowedHosts) {
			securityEvent(e, "disallowed_host", "host", truncate(h, 100))
			return s.badHost(e)
		}
	}
	if e.Request.Host == "" {
		securityEvent(e, "disallowed_host", "host", "")
		return s.badHost(e)
	}
	return e.Next()
}

// badHost answers 400: JSON on PocketBase's paths, the branded page elsewhere.
func (s *Server) badHost(e *core.RequestEvent) error {
	if isPocketBasePath(e.Request.URL.Path) {
		return apis.NewBadRequestError("", nil)
	}
	return s.renderError(e, http.StatusBadRequest, nil)
}

// sslRedirect sends plain-HTTP requests to the same host, path and query over
// HTTPS: 301 for GET/HEAD, 308 for the rest so a client repeats the method
// and body. Probes are exempt (they run on plain HTTP inside the network).
func (s *Server) sslRedirect(e *core.RequestEvent) error {
	if !s.Config.SecureSSLRedirect || IsHTTPS(e) || isProbe(e) {
		return e.Next()
	}
	status := http.StatusPermanentRedirect
	if e.Request.Method == http.MethodGet || e.Request.Method == http.MethodHead {
		status = http.StatusMovedPermanently
	}
	// Host was allow-listed by the previous middleware.
	return e.Redirect(status, "https://"+e.Request.Host+e.Request.URL.RequestURI())
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// securityEvent logs a structured security event (SPEC §7: bad host, CSRF
// failure, rate limit) with the request id and route, never personal data.
func securityEvent(e *core.RequestEvent, kind string, attrs ...any) {
	base := []any{"method", e.Request.Method, "path", truncate(e.Request.URL.Path, 200)}
	r := slog.Record{}
	r.Add(append(base, attrs...)...)
	var as []slog.Attr
	r.Attrs(func(a slog.Attr) bool { as = append(as, a); return true })
	observe.Security(e.Request.Context(), e.App, kind, as...)
}
