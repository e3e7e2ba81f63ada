package e2e

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// hstsValue is the production default Strict-Transport-Security.
const hstsValue = "max-age=31536000; includeSubDomains; preload"

// csp is SPEC §7's Content-Security-Policy without a CDN.
const csp = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// pageHeaders are the headers every page of ours carries (SPEC §7).
func pageHeaders() map[string]string {
	return map[string]string{
		"Content-Security-Policy":    csp,
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
		"Cross-Origin-Opener-Policy": "same-origin",
		"X-Xss-Protection":           "0",
	}
}

// checkHeaders fails for every header of want whose value differs; "-"
// means the header must be absent.
func checkHeaders(t *testing.T, h http.Header, want map[string]string) {
	t.Helper()
	for k, v := range want {
		got, present := h.Get(k), len(h.Values(k)) > 0
		switch {
		case v == "-" && present:
			t.Errorf("%s: want no header, got %q", k, got)
		case v != "-" && got != v:
			t.Errorf("%s: want %q, got %q", k, v, got)
		}
	}
}

// leakMarkers must never appear on a production error page: stack traces,
// SQL, paths, versions.
var leakMarkers = []string{"goroutine", ".go:", "panic", "SELECT ", "sqlite", "pocketbase", "PocketBase", "/tmp/", "/root/", "v0.40", "runtime error"}

// checkBranded fails unless res is our branded HTML error page for its
// status: the organisation's name, a title, the request reference, no
// internals, no-store.
func checkBranded(t *testing.T, res response) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("status %d: want a branded HTML page, got %s: %.200s", res.Status, ct, res.Body)
		return
	}
	for _, want := range []string{orgName, "<h1>", "Reference: <code>" + res.Header.Get("X-Request-Id") + "</code>"} {
		if !bytes.Contains(res.Body, []byte(want)) {
			t.Errorf("status %d: branded page lacks %q", res.Status, want)
		}
	}
	for _, bad := range leakMarkers {
		if bytes.Contains(res.Body, []byte(bad)) {
			t.Errorf("status %d: error page shows %q", res.Status, bad)
		}
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("status %d: Cache-Control %q, want no-store", res.Status, cc)
	}
	checkHeaders(t, res.Header, pageHeaders())
}
