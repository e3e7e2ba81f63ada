package web

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
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

func TestContentSecurityPolicy(t *testing.T) {
	if got := contentSecurityPolicy(""); got != baseCSP || strings.Contains(got, "unsafe-inline") {
		t.Errorf("base: %q", got)
	}
	if got := contentSecurityPolicy("https://cdn.example.net/a/"); !strings.HasPrefix(got, "default-src 'self' https://cdn.example.net;") {
		t.Errorf("cdn: %q", got)
	}
}

func TestErrorStatusAndRetryAfter(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{apis.NewNotFoundError("", nil), 404},
		{fmt.Errorf("wrapped: %w", apis.NewApiError(410, "", nil)), 410},
		{os.ErrNotExist, 404},
		{errors.New("boom"), 500},
	}
	for _, c := range cases {
		if got := errorStatus(c.err); got != c.want {
			t.Errorf("errorStatus(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	rule := core.RateLimitRule{Label: "POST /join", MaxRequests: 3, Duration: 42}
	limited := apis.NewTooManyRequestsError("", errors.New("triggered rate limit rule: "+rule.String()))
	if got := retryAfter(limited); got != 42 {
		t.Errorf("retryAfter = %d, want 42", got)
	}
	if got := retryAfter(apis.NewTooManyRequestsError("", nil)); got != 60 {
		t.Errorf("retryAfter fallback = %d", got)
	}
}

func TestIsPocketBasePath(t *testing.T) {
	for p, want := range map[string]bool{"/api": true, "/api/": true, "/api/x": true, "/_/": true, "/_": true, "/apis": false, "/_x": false, "/": false, "/join": false} {
		if isPocketBasePath(p) != want {
			t.Errorf("isPocketBasePath(%q) != %v", p, want)
		}
	}
}

func testEvent(method, target string) (*core.RequestEvent, *httptest.ResponseRecorder) {
	rec := httptest.NewRecorder()
	e := &core.RequestEvent{}
	e.Request = httptest.NewRequest(method, target, nil)
	e.Response = rec
	return e, rec
}

func writeTemplates(t *testing.T, dir, home string) {
	t.Helper()
	for name, body := range map[string]string{
		"layouts/base.html":    `{{define "base"}}<html lang="en"><title>{{.Org}}</title>{{template "content" .}}{{template "footer" .}}</html>{{end}}`,
		"partials/footer.html": `{{define "footer"}}<footer>{{range .SocialLinks}}{{.Label}}{{end}}</footer>{{end}}`,
		"pages/home.html":      home,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRendererReloadAndStartupErrors(t *testing.T) {
	dir := t.TempDir()
	writeTemplates(t, dir, `{{define "content"}}v1 {{.Data}}{{end}}`)
	r, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { return "/static/" + n })
	if err != nil {
		t.Fatal(err)
	}
	r.reload = true
	r.SetSocialLinks(func(core.App) []SocialLink { return []SocialLink{{Label: "Mastodon"}} })
	e, rec := testEvent("GET", "/")
	if err := r.Render(e, 200, "home", "<b>"); err != nil || !strings.Contains(rec.Body.String(), "v1 &lt;b&gt;") || !strings.Contains(rec.Body.String(), "Mastodon") {
		t.Fatalf("render: %v %q", err, rec.Body.String())
	}
	writeTemplates(t, dir, `{{define "content"}}v2{{end}}`)
	e, rec = testEvent("GET", "/")
	if err := r.Render(e, 200, "home", nil); err != nil || !strings.Contains(rec.Body.String(), "v2") {
		t.Fatalf("development must re-read templates: %v %q", err, rec.Body.String())
	}
	writeTemplates(t, dir, `{{define "content"}}{{.Broken{{end}}`)
	if _, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { return "/static/" + n }); err == nil {
		t.Fatal("a broken template must stop start-up")
	}
	e, rec = testEvent("GET", "/")
	if err := r.Render(e, 200, "home", nil); err == nil || rec.Body.Len() != 0 {
		t.Fatal("a broken template must not send a half page")
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
