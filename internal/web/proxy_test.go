package web

import (
	"net/http"
	"net/netip"
	"testing"

	"memberbase/internal/config"
)

func TestClientFromXFF(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	cases := []struct {
		name   string
		values []string
		want   string
	}{
		{"single", []string{"203.0.113.9"}, "203.0.113.9"},
		{"rightmost untrusted", []string{"1.1.1.1, 203.0.113.9, 10.0.0.2"}, "203.0.113.9"},
		{"across headers", []string{"1.1.1.1", "203.0.113.9, 10.0.0.2"}, "203.0.113.9"},
		{"all trusted → leftmost", []string{"10.0.0.9, 10.0.0.2"}, "10.0.0.9"},
		{"ipv6 client", []string{"2a00::1, 2001:db8::5"}, "2a00::1"},
		{"v4-mapped", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
		{"garbage rightmost", []string{"203.0.113.9, junk"}, ""},
		{"garbage left of client is ignored", []string{"junk, 203.0.113.9"}, "203.0.113.9"},
		{"empty", nil, ""},
	}
	for _, c := range cases {
		got, ok := clientFromXFF(c.values, trusted)
		if (c.want == "") == ok || (ok && got.String() != c.want) {
			t.Errorf("%s: got %v %v, want %q", c.name, got, ok, c.want)
		}
	}
}

func TestForwardedProto(t *testing.T) {
	for in, want := range map[string]string{"https": "https", "HTTP": "http", "http, https": "https", " https ,http": "http", "": ""} {
		if got := forwardedProto([]string{in}); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestMappedAddressesMatch: IPv4-mapped IPv6 on either side matches the
// IPv4 form on the other, whether the range comes from config.Load (which
// unmaps it) or was built by hand.
func TestMappedAddressesMatch(t *testing.T) {
	loaded := func(v string) []netip.Prefix {
		c, err := config.Load(func(k string) string {
			if k == config.Prefix+"TRUSTED_PROXIES" {
				return v
			}
			return ""
		})
		if err != nil {
			t.Fatal(err)
		}
		return c.TrustedProxies
	}
	peer := func(remote string) netip.Addr { return peerAddr(&http.Request{RemoteAddr: remote}) }
	cases := []struct {
		name     string
		peer     netip.Addr
		prefixes []netip.Prefix
		want     bool
	}{
		{"mapped peer, IPv4 range", peer("[::ffff:10.0.0.1]:4711"), loaded("10.0.0.0/8"), true},
		{"IPv4 peer, mapped range (loaded)", peer("10.0.0.1:4711"), loaded("::ffff:10.0.0.0/104"), true},
		{"IPv4 peer, mapped range (by hand)", netip.MustParseAddr("10.0.0.1"), []netip.Prefix{netip.MustParsePrefix("::ffff:10.0.0.0/104")}, true},
		{"mapped peer, mapped range (by hand)", netip.MustParseAddr("::ffff:10.0.0.1"), []netip.Prefix{netip.MustParsePrefix("::ffff:10.0.0.0/104")}, true},
		{"outside the range", peer("[::ffff:11.0.0.1]:4711"), loaded("::ffff:10.0.0.0/104"), false},
		{"IPv6 peer", peer("[2001:db8::1]:4711"), loaded("10.0.0.0/8"), false},
	}
	for _, c := range cases {
		if got := inPrefixes(c.peer, c.prefixes); got != c.want {
			t.Errorf("%s: inPrefixes(%v, %v) = %v, want %v", c.name, c.peer, c.prefixes, got, c.want)
		}
	}
}
