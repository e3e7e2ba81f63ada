package web

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
)

// keyHTTPS is the request store key set when the client reached us over
// HTTPS, directly or through a trusted proxy.
const keyHTTPS = "mb.https"

// keyTrustedPeer is set when the TCP peer is one of TRUSTED_PROXIES.
const keyTrustedPeer = "mb.trustedPeer"

// trustedProxy rewrites X-Forwarded-For to the single client address when the
// peer is a trusted proxy, so PocketBase's RealIP() (which reads the header
// named in its TrustedProxy settings), its rate limiter and every logger agree
// on it; from any other peer it drops every X-Forwarded-* header so that a
// client cannot choose its own IP or scheme.
func (s *Server) trustedProxy(e *core.RequestEvent) error {
	h := e.Request.Header
	trusted := inPrefixes(peerAddr(e.Request), s.Config.TrustedProxies)
	https := e.Request.TLS != nil
	if trusted {
		e.Set(keyTrustedPeer, true)
		if ip, ok := clientFromXFF(h.Values("X-Forwarded-For"), s.Config.TrustedProxies); ok {
			h.Set("X-Forwarded-For", ip.String())
		} else {
			h.Del("X-Forwarded-For")
		}
		if proto := forwardedProto(h.Values("X-Forwarded-Proto")); proto != "" {
			https = proto == "https"
		}
		// X-Forwarded-Host is never believed: the Host header decides.
		h.Del("X-Forwarded-Host")
	} else {
		for k := range h {
			if strings.HasPrefix(k, "X-Forwarded-") || k == "Forwarded" {
				delete(h, k)
			}
		}
	}
	e.Set(keyHTTPS, https)
	return e.Next()
}

// IsHTTPS reports whether the client's connection was HTTPS: TLS to us, or
// X-Forwarded-Proto: https from a trusted proxy.
func IsHTTPS(e *core.RequestEvent) bool {
	if v, ok := e.Get(keyHTTPS).(bool); ok {
		return v
	}
	return e.Request.TLS != nil
}

// peerAddr is the TCP peer's address (unmapped from IPv4-in-IPv6).
func peerAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		a, err := netip.ParseAddr(r.RemoteAddr)
		if err != nil {
			return netip.Addr{}
		}
		return a.Unmap()
	}
	return ap.Addr().Unmap()
}

// inPrefixes matches with both sides unmapped from IPv4-in-IPv6: a peer
// ::ffff:10.0.0.1 is 10.0.0.1, and a range ::ffff:10.0.0.0/104 is
// 10.0.0.0/8 (config.Load unmaps ranges already; this keeps hand-built
// configurations honest too).
func inPrefixes(a netip.Addr, prefixes []netip.Prefix) bool {
	if !a.IsValid() {
		return false
	}
	a = a.Unmap().WithZone("")
	for _, p := range prefixes {
		if config.UnmapPrefix(p).Contains(a) {
			return true
		}
	}
	return false
}

// clientFromXFF walks every X-Forwarded-For entry from the right and returns
// the first address that is not itself a trusted proxy: the entries left of
// it were written by the client and prove nothing. An unparsable entry there
// ends the walk without a client (the peer's address is used instead); when
// every entry is a trusted proxy the leftmost one is the client.
func clientFromXFF(values []string, trusted []netip.Prefix) (netip.Addr, bool) {
	var entries []string
	for _, v := range values {
		entries = append(entries, strings.Split(v, ",")...)
	}
	var last netip.Addr
	for i := len(entries) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(entries[i]))
		if err != nil {
			return netip.Addr{}, false
		}
		a = a.Unmap().WithZone("")
		if !inPrefixes(a, trusted) {
			return a, true
		}
		last = a
	}
	return last, last.IsValid()
}

// forwardedProto returns the scheme the nearest trusted proxy reported: the
// rightmost value, lower-cased.
func forwardedProto(values []string) string {
	if len(values) == 0 {
		return ""
	}
	parts := strings.Split(values[len(values)-1], ",")
	return strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
}
