package web

import (
	"strings"
	"testing"
)

func TestValidRequestID(t *testing.T) {
	for in, want := range map[string]bool{
		"abc": true, "req-1.2_3:4": true, "0f8fad5b-d9cb-469f-a165-70867728950e": true,
		"": false, strings.Repeat("a", 129): false, strings.Repeat("a", 128): true,
		"a b": false, "a\nb": false, "<x>": false, "é": false,
	} {
		if got := validRequestID(in); got != want {
			t.Errorf("validRequestID(%q) = %v", in, got)
		}
	}
	if a, b := newRequestID(), newRequestID(); a == b || !validRequestID(a) {
		t.Errorf("generated ids %q %q", a, b)
	}
}
