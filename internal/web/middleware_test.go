package web

import (
	"testing"
)

func TestIsPocketBasePath(t *testing.T) {
	for p, want := range map[string]bool{"/api": true, "/api/": true, "/api/x": true, "/_/": true, "/_": true, "/apis": false, "/_x": false, "/": false, "/join": false} {
		if isPocketBasePath(p) != want {
			t.Errorf("isPocketBasePath(%q) != %v", p, want)
		}
	}
}
