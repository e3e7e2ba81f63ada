package web

import (
	"net/netip"
	"testing"
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
