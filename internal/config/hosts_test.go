package config

import (
	"strings"
	"testing"
)

func TestNormalizeHost(t *testing.T) {
	cases := map[string]string{
		"Example.ORG":            "example.org",
		"example.org:8443":       "example.org",
		"example.org.":           "example.org",
		"example.org.:80":        "example.org",
		"[::1]":                  "[::1]",
		"[::1]:8090":             "[::1]",
		"127.0.0.1:8090":         "127.0.0.1",
		"my_host.local":          "my_host.local",
		"":                       "",
		"example.org:":           "",
		"example.org:80:80":      "",
		"example.org:abc":        "",
		"example.org:123456":     "",
		"::1":                    "",
		"[::1":                   "",
		"[::1]x":                 "",
		"[example.org]":          "",
		"evil.com/example.org":   "",
		"evil.com@example.org":   "",
		"evil.com#example.org":   "",
		"evil.com?example.org":   "",
		"example.org evil.com":   "",
		"example.org,evil.com":   "",
		"example.org\\evil.com":  "",
		".example.org":           "",
		"a..b":                   "",
		"exam\x00ple.org":        "",
		"éxample.org":            "",
		strings.Repeat("a", 400): "",
	}
	for in, want := range cases {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostAllowed(t *testing.T) {
	allowed := []string{"members.example.org", ".club.example", "[::1]"}
	cases := []struct {
		host string
		want bool
	}{
		{"members.example.org", true},
		{"MEMBERS.example.org.:443", true},
		{"club.example", true},
		{"www.club.example", true},
		{"a.b.club.example:8080", true},
		{"[::1]:8090", true},
		{"evilclub.example", false},
		{"example.org", false},
		{"members.example.org.evil.com", false},
		{"evil.com", false},
		{"members.example.org@evil.com", false},
		{"evil.com:members.example.org", false},
		{"", false},
	}
	for _, c := range cases {
		if got := HostAllowed(c.host, allowed); got != c.want {
			t.Errorf("HostAllowed(%q) = %v, want %v", c.host, got, c.want)
		}
	}
	if !HostAllowed("anything.example", []string{"*"}) || HostAllowed("bad host", []string{"*"}) {
		t.Error("* must match every valid host and no invalid one")
	}
}

// FuzzHostAllowed checks the matcher's invariants on arbitrary input: it
// never panics, an allowed host normalises to a listed host or a subdomain
// of a listed suffix, and normalising is idempotent.
func FuzzHostAllowed(f *testing.F) {
	for _, s := range []string{
		"members.example.org", "members.example.org:443", "MEMBERS.EXAMPLE.ORG.", "[::1]:8090",
		"www.club.example", "evil.com", "evil.com:members.example.org", "members.example.org@evil.com",
		"members.example.org.evil.com", "evilclub.example", "[::ffff:127.0.0.1]", "example.org\x00",
		"club.example..", "", ":", "[]", "[:]", "a:b:c", "%65vil.com", "members.example.org:0443",
	} {
		f.Add(s)
	}
	allowed := []string{"members.example.org", ".club.example", "[::1]"}
	f.Fuzz(func(t *testing.T, host string) {
		n := NormalizeHost(host)
		if n != "" && NormalizeHost(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", host, n, NormalizeHost(n))
		}
		if !HostAllowed(host, allowed) {
			return
		}
		if n != "members.example.org" && n != "[::1]" && n != "club.example" && !strings.HasSuffix(n, ".club.example") {
			t.Fatalf("%q (normalised %q) allowed", host, n)
		}
	})
}
