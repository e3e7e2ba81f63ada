package web

import (
	"testing"
)

func TestRedactQuery(t *testing.T) {
	cases := []struct{ path, in, want string }{
		{"/privacy/confirm", "token=abc", "token=REDACTED"},
		{"/privacy/confirm", "a=1&token=abc&b=2", "a=1&token=REDACTED&b=2"},
		{"/x", "Token=abc&%74oken=def", "Token=REDACTED&%74oken=REDACTED"},
		{"/x", "token", "token"},
		{"/x", "filter=secret", "filter=secret"},
		{"/api/collections/members/records", "filter=(email%3D'a%40b.c')&sort=-created", "filter=REDACTED&sort=-created"},
		{"/api/files/c/r/f.txt", "token=jwt.jwt.jwt&thumb=100x100", "token=REDACTED&thumb=100x100"},
		{"/x", "", ""},
		{"/x", "%zz=1&token=a", "%zz=1&token=REDACTED"},
		{"/verify", "c=eyJ.eyJ.sig", "c=REDACTED"},
		{"/card", "C=eyJ&cc=keep", "C=REDACTED&cc=keep"},
	}
	for _, c := range cases {
		if got := RedactQuery(c.path, c.in); got != c.want {
			t.Errorf("RedactQuery(%q, %q) = %q, want %q", c.path, c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"https://m.example.org/join/confirm?token=abc": "https://m.example.org/join/confirm?token=REDACTED",
		"https://m.example.org/api/x?filter=f&a=1":     "https://m.example.org/api/x?filter=REDACTED&a=1",
		"https://m.example.org/lookup":                 "https://m.example.org/lookup",
		"https://m.example.org/x?token=abc#frag":       "https://m.example.org/x?token=REDACTED",
		"http://[::1%zz/?token=abc":                    "REDACTED",
		"/relative?token=abc":                          "/relative?token=REDACTED",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
