package web

import (
	"testing"

	"memberbase/internal/config"
)

// NewCSRFMust is NewCSRF for tests in package web_test (keys of other
// configurations, to sign with a fallback or an unknown key).
func NewCSRFMust(t testing.TB, cfg *config.Config) *CSRF {
	t.Helper()
	c, err := NewCSRF(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
