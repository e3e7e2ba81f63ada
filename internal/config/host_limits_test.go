package config

import (
	"strings"
	"testing"
)

// Host values at the edges of what is accepted: the 300-character bound,
// the five-digit port, and bracketed IPv6 literals, whose every character
// is checked (a bracket is no licence for arbitrary text).
func TestHostValuesAtTheLimits(t *testing.T) {
	name := strings.Repeat("a", 295)
	cases := map[string]string{
		name + ":8443":           name, // 300 characters
		"a" + name + ":8443":     "",   // 301
		"example.org:65535":      "example.org",
		"example.org:1":          "example.org",
		"example.org:655350":     "",
		"[2001:db8::9:a:f]:8443": "[2001:db8::9:a:f]",
		"[::ffff:10.0.0.1]":      "[::ffff:10.0.0.1]",
		"[evil:x]":               "",
		"[::1/evil.com]":         "",
		"[::g]":                  "",
		"[:: 1]":                 "",
		"[abc]":                  "",
		"[]":                     "",
		"example.org:80x":        "",
		"example.org:x80":        "",
		"example.org:-1":         "",
	}
	for in, want := range cases {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
	if !HostAllowed("["+"2001:db8::1]:443", []string{"[2001:db8::1]"}) || HostAllowed("[evil:x]", []string{"*"}) {
		t.Error("bracketed hosts matched wrongly")
	}
}

// Every character class of a DNS host name is accepted and nothing else.
func TestDNSNameCharacters(t *testing.T) {
	ok := "az09.-_"
	for i := 0; i < len(ok); i++ {
		h := "a" + string(ok[i]) + "z"
		if NormalizeHost(h) != h {
			t.Errorf("%q refused", h)
		}
	}
	for _, h := range []string{"a`z", "a{z", "a/z", "a@z", "a[z", "a z", "a!z", "a~z", "a:z", "a\x7fz", "a\u00e9z"} {
		if NormalizeHost(h) != "" {
			t.Errorf("%q accepted", h)
		}
	}
}
