package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// baseCSP is SPEC §7's policy: no inline script or style anywhere.
const baseCSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// contentSecurityPolicy adds the CDN origin of STATIC_URL, the only other
// origin our pages load from (files on S3 are streamed by PocketBase itself).
func contentSecurityPolicy(staticURL string) string {
	u, err := url.Parse(staticURL)
	if staticURL == "" || err != nil || u.Host == "" {
		return baseCSP
	}
	return strings.Replace(baseCSP, "default-src 'self'", "default-src 'self' "+u.Scheme+"://"+u.Host, 1)
}

// securityHeaders replaces PocketBase's pbSecurityHeaders (same id) with the
// header set of SPEC §7. The dashboard keeps its own CSP (it sets one only
// when none is present, and needs inline styles).
func (s *Server) securityHeaders(e *core.RequestEvent) error {
	h := e.Response.Header()
	if p := e.Request.URL.Path; p != "/_" && !strings.HasPrefix(p, "/_/") {
		h.Set("Content-Security-Policy", s.csp)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("X-XSS-Protection", "0")
	return e.Next()
}

// NoStore marks a response as never to be cached: pages that set the CSRF
// cookie or carry a token or personal data.
func NoStore(e *core.RequestEvent) {
	e.Response.Header().Set("Cache-Control", "no-store")
}

// NoReferrer keeps the page's URL (which carries a token) out of the Referer
// of anything it links to or loads.
func NoReferrer(e *core.RequestEvent) {
	e.Response.Header().Set("Referrer-Policy", "no-referrer")
}

// hsts sets Strict-Transport-Security on every HTTPS response, before the
// rest of the chain runs so errors and redirects carry it too; never on
// plain HTTP, where browsers ignore it anyway and it would only mislead.
func (s *Server) hsts(e *core.RequestEvent) error {
	if s.Config.HSTSSeconds > 0 && IsHTTPS(e) {
		v := "max-age=" + strconv.Itoa(s.Config.HSTSSeconds)
		if s.Config.HSTSIncludeSubdomains {
			v += "; includeSubDomains"
		}
		if s.Config.HSTSPreload {
			v += "; preload"
		}
		e.Response.Header().Set("Strict-Transport-Security", v)
	}
	return e.Next()
}

// bindCORS limits PocketBase's CORS middleware (bound by apis.Serve) to /api/
// and CORS_ORIGINS. With no origins it is unbound: apis.CORS would turn an
// empty list into "*".
func (s *Server) bindCORS(r *router.Router[*core.RequestEvent]) {
	if len(s.Config.CORSOrigins) == 0 {
		r.Unbind(apis.DefaultCorsMiddlewareId)
		return
	}
	h := apis.CORS(apis.CORSConfig{
		AllowOrigins:  s.Config.CORSOrigins,
		AllowMethods:  apis.DefaultCORSConfig.AllowMethods,
		ExposeHeaders: []string{RequestIDHeader},
	})
	inner := h.Func
	h.Func = func(e *core.RequestEvent) error {
		if p := e.Request.URL.Path; p != "/api" && !strings.HasPrefix(p, "/api/") {
			return e.Next()
		}
		return inner(e)
	}
	r.Bind(h)
}
