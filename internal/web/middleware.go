package web

import (
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Middleware ids and priorities, in the order a request meets them (lower
// priority runs first; PocketBase's defaults are shown for context):
//
//	priority  id                          what
//	  -2100   mbTrustedProxy              X-Forwarded-For → one client IP (peer in TRUSTED_PROXIES) or every X-Forwarded-* dropped
//	  -2090   mbRequestId                 X-Request-ID accepted from a trusted proxy (validated) or generated; echoed
//	  -2080   pbSecurityHeaders           replaced: SPEC §7 header set (CSP, nosniff, DENY, Referrer-Policy, ...)
//	  -2070   mbHSTS                      Strict-Transport-Security on HTTPS responses, errors and redirects included
//	  -2060   mbAllowedHosts              Host allow-list → 400 page (probes exempt)
//	  -2050   mbSSLRedirect               SECURE_SSL_REDIRECT: 301 GET/HEAD, 308 others (probes exempt)
//	  -1041   pbCors                      PocketBase's, limited to /api/ and CORS_ORIGINS; unbound when empty
//	  -1040   pbActivityLogger            PocketBase's request log (reads URL and Referer after the chain returns)
//	  -1039   mbRedactLog                 token/filter query values and Referer → REDACTED after the handler ran
//	  -1035   mbErrorPages                branded HTML error pages outside /api/ and /_/; Retry-After on 429s
//	  -1030   pbPanicRecover              panics → 500 error (rendered by mbErrorPages)
//	  -1020   pbLoadAuthToken
//	  -1015   pbSuperuserIPsWhitelist
//	  -1000   pbRateLimit                 enabled by config.ApplySettings with our POST rules
//	   -990   pbBodyLimit
//
// A request logger of our own must sit below -1039 (so it sees redacted
// values) and can read the id with [RequestID].
const (
	TrustedProxyId     = "mbTrustedProxy"
	RequestIdId        = "mbRequestId"
	HSTSId             = "mbHSTS"
	AllowedHostsId     = "mbAllowedHosts"
	SSLRedirectId      = "mbSSLRedirect"
	RedactLogId        = "mbRedactLog"
	ErrorPagesId       = "mbErrorPages"
	TrustedProxyPrio   = -2100
	RequestIdPrio      = -2090
	SecurityHeadersPri = -2080
	HSTSPrio           = -2070
	AllowedHostsPrio   = -2060
	SSLRedirectPrio    = -2050
	RedactLogPrio      = apis.DefaultActivityLoggerMiddlewarePriority + 1
	ErrorPagesPrio     = apis.DefaultActivityLoggerMiddlewarePriority + 5
)

// bindMiddleware binds every global middleware on the router in the order of
// the table above.
func (s *Server) bindMiddleware(r *router.Router[*core.RequestEvent]) {
	r.Bind(
		&hook.Handler[*core.RequestEvent]{Id: TrustedProxyId, Priority: TrustedProxyPrio, Func: s.trustedProxy},
		&hook.Handler[*core.RequestEvent]{Id: RequestIdId, Priority: RequestIdPrio, Func: s.requestID},
		&hook.Handler[*core.RequestEvent]{Id: apis.DefaultSecurityHeadersMiddlewareId, Priority: SecurityHeadersPri, Func: s.securityHeaders},
		&hook.Handler[*core.RequestEvent]{Id: HSTSId, Priority: HSTSPrio, Func: s.hsts},
		&hook.Handler[*core.RequestEvent]{Id: AllowedHostsId, Priority: AllowedHostsPrio, Func: s.allowedHosts},
		&hook.Handler[*core.RequestEvent]{Id: SSLRedirectId, Priority: SSLRedirectPrio, Func: s.sslRedirect},
		&hook.Handler[*core.RequestEvent]{Id: RedactLogId, Priority: RedactLogPrio, Func: redactLog},
		&hook.Handler[*core.RequestEvent]{Id: ErrorPagesId, Priority: ErrorPagesPrio, Func: s.errorPages},
	)
	s.bindCORS(r)
}

// isProbe reports whether the request is a liveness or readiness probe,
// which load balancers send with an IP-literal Host over plain HTTP.
func isProbe(e *core.RequestEvent) bool {
	p := e.Request.URL.Path
	return p == "/healthz" || p == "/readyz"
}

// isPocketBasePath reports whether PocketBase answers the path itself (REST
// API and dashboard), where errors stay JSON.
func isPocketBasePath(p string) bool {
	return p == "/api" || strings.HasPrefix(p, "/api/") || p == "/_" || strings.HasPrefix(p, "/_/")
}
