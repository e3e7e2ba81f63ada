package web

import (
	"strings"
	"testing"
)

func TestContentSecurityPolicy(t *testing.T) {
	if got := contentSecurityPolicy(""); got != baseCSP || strings.Contains(got, "unsafe-inline") {
		t.Errorf("base: %q", got)
	}
	if got := contentSecurityPolicy("https://cdn.example.net/a/"); !strings.HasPrefix(got, "default-src 'self' https://cdn.example.net;") {
		t.Errorf("cdn: %q", got)
	}
}

func TestSecurityHeaderHelpers(t *testing.T) {
	e, rec := testEvent("GET", "/privacy/confirm?token=x")
	NoStore(e)
	NoReferrer(e)
	if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("helpers: %v", rec.Header())
	}
}
