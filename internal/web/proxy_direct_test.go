package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// Outside the proxy middleware (a handler reached some other way), HTTPS
// is what the connection itself was.
func TestIsHTTPSWithoutTheProxyMiddleware(t *testing.T) {
	plain := &core.RequestEvent{}
	plain.Request = httptest.NewRequest(http.MethodGet, "/", nil)
	if IsHTTPS(plain) {
		t.Error("plain HTTP reported as HTTPS")
	}
	secure := &core.RequestEvent{}
	secure.Request = httptest.NewRequest(http.MethodGet, "/", nil)
	secure.Request.TLS = &tls.ConnectionState{}
	if !IsHTTPS(secure) {
		t.Error("TLS reported as plain HTTP")
	}
}

// A peer address given without a port (as some listeners report it) is
// still the peer: a trusted proxy stays trusted.
func TestPeerAddressWithoutAPort(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	for remote, want := range map[string]bool{
		"10.0.0.7":            true,
		"::ffff:10.0.0.7":     true,
		"10.0.0.7:4711":       true,
		"[::ffff:10.0.0.7]:1": true,
		"203.0.113.9":         false,
		"not-an-address":      false,
		"":                    false,
	} {
		if got := inPrefixes(peerAddr(&http.Request{RemoteAddr: remote}), trusted); got != want {
			t.Errorf("%q: trusted=%v, want %v", remote, got, want)
		}
	}
}
