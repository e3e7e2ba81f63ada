package config

import (
	"net/netip"
	"strings"
	"testing"
)

func TestTrustedProxiesAreUnmapped(t *testing.T) {
	c, err := Load(env(map[string]string{"TRUSTED_PROXIES": "::ffff:10.0.0.0/104, ::ffff:192.0.2.7, ::ffff:0:0/96, 2001:db8::/32"}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "10.0.0.0/8 192.0.2.7/32 0.0.0.0/0 2001:db8::/32"; strings.Join(got, " ") != want {
		t.Fatalf("proxies = %v, want %s", got, want)
	}
	if !c.TrustedProxies[0].Contains(netip.MustParseAddr("10.0.0.1")) {
		t.Error("unmapped ::ffff:10.0.0.0/104 does not contain 10.0.0.1")
	}
}

func TestUnmapPrefixLeavesOthersAlone(t *testing.T) {
	for in, want := range map[string]string{
		"::ffff:10.1.0.0/112": "10.1.0.0/16",
		"::ffff:10.1.2.3/128": "10.1.2.3/32",
		"10.0.0.0/8":          "10.0.0.0/8",
		"::1/128":             "::1/128",
		"::/0":                "::/0",
		"::/80":               "::/80", // wider than the mapped range: not an IPv4 prefix
	} {
		if got := UnmapPrefix(netip.MustParsePrefix(in)).String(); got != want {
			t.Errorf("UnmapPrefix(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestTrustedProxiesCoveringEverything: 0.0.0.0/0 and ::/0 (also written as
// a mapped range) are an error in production and a warning in development.
func TestTrustedProxiesCoveringEverything(t *testing.T) {
	for _, v := range []string{"0.0.0.0/0", "127.0.0.1,::/0", "::ffff:0:0/96"} {
		prod, err := Load(env(map[string]string{"ENV": "production", "TRUSTED_PROXIES": v}))
		if err != nil {
			t.Fatal(err)
		}
		if !hasID(Errors(prod.Validate()), "MB.E016") || !hasID(Errors(prod.StartupFindings()), "MB.E016") {
			t.Errorf("%s in production: no MB.E016 error", v)
		}
		dev, err := Load(env(map[string]string{"TRUSTED_PROXIES": v}))
		if err != nil {
			t.Fatal(err)
		}
		if fs := dev.StartupFindings(); !hasID(fs, "MB.W012") || len(Errors(fs)) != 0 {
			t.Errorf("%s in development: %v, want the MB.W012 warning only", v, fs)
		}
	}
	c, _ := Load(env(map[string]string{"ENV": "production", "TRUSTED_PROXIES": "10.0.0.0/8,::1"}))
	if hasID(c.Validate(), "MB.E016") {
		t.Error("a narrow range reported as covering everything")
	}
}
