package e2e

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// a11yState is an error state whose page a browser cannot ask for by
// navigating: the Go client provokes it, and the browser is shown the
// server's answer (see [browser.show]).
type a11yState struct {
	name   string
	status int
	get    func(t *testing.T, inst *instance) (path string, res response)
}

// TestAccessibility runs axe-core's WCAG 2.0/2.1 A and AA rules in Chromium
// on every public page and every error state (production profile, through
// the TLS proxy): zero violations.
func TestAccessibility(t *testing.T) {
	inst := startProduction(t, nil)
	script := axeScript(t)
	b := newBrowser(t, inst)
	rules := 0
	check := func(t *testing.T) {
		t.Helper()
		rep := b.axe(script)
		t.Logf("axe-core %s: %d rules (%d passed, %d not applicable, %d to review by hand: %v)",
			rep.Version, rep.Rules, rep.Passes, rep.Inapplicable, len(rep.Incomplete), rep.Incomplete)
		rules = max(rules, rep.Rules)
	}

	pages := []struct {
		name, path string
		status     int
	}{
		{"home", "/", 200},
		{"lookup", "/lookup", 200},
		{"join sent", "/join/sent", 200},
		{"privacy sent", "/privacy/sent", 200},
		{"404", "/no-such-page", 404},
		{"join", "/join", 200},
		{"privacy notice", "/privacy", 200},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			b.t = t
			if got := b.open(p.path); got != int64(p.status) {
				t.Fatalf("GET %s: want %d, got %d", p.path, p.status, got)
			}
			check(t)
		})
	}
	for _, s := range a11yStates() {
		t.Run(s.name, func(t *testing.T) {
			path, res := s.get(t, inst)
			if res.Status != s.status {
				t.Fatalf("%s: want %d, got %d", path, s.status, res.Status)
			}
			b.t = t
			if got := b.show(path, res); got != int64(s.status) {
				t.Fatalf("browser shows %d, want %d", got, s.status)
			}
			check(t)
		})
	}
	t.Run("axe finds a violation", func(t *testing.T) {
		// Proof that the checks can fail: an image without a text
		// alternative, added to a page, is reported.
		b.t = t
		b.open("/")
		b.do("add an image without alt", chromedp.Evaluate[chromedp.Void](`document.querySelector("main").append(document.createElement("img"))`))
		rep := b.axeReport(script)
		if len(rep.Violations) != 1 || rep.Violations[0].ID != "image-alt" {
			t.Fatalf("want the image-alt violation, got %+v", rep.Violations)
		}
	})
	t.Logf("axe-core checked up to %d WCAG 2.1 A/AA rules per page", rules)
}

// a11yStates are the error states of SPEC §7 (400, 403, 405, 410, 413, 415,
// 422, 429) as the server answers them.
func a11yStates() []a11yState {
	form := func(inst *instance, t *testing.T, src string) (*client, url.Values) {
		c := inst.newClient(t, src)
		if r := c.Get("/lookup"); r.Status != http.StatusOK {
			t.Fatalf("GET /lookup: %d", r.Status)
		}
		return c, c.validFields(publicForms()[1], "a11y@e2e.example.org")
	}
	post := func(src string, status int, mod func(c *client, v url.Values) (http.Header, []byte)) func(*testing.T, *instance) (string, response) {
		return func(t *testing.T, inst *instance) (string, response) {
			c, v := form(inst, t, src)
			h, body := mod(c, v)
			return "/privacy/member-id", c.Do(http.MethodPost, "/privacy/member-id", h, body)
		}
	}
	return []a11yState{
		{name: "400 foreign host", status: 400, get: func(t *testing.T, inst *instance) (string, response) {
			return "/lookup", inst.newClient(t, "127.0.0.131").Do(http.MethodGet, "/lookup", http.Header{"Host": {"evil.example"}}, nil)
		}},
		{name: "429 rate limited", status: 429, get: func(t *testing.T, inst *instance) (string, response) {
			c := inst.newClient(t, "127.0.0.132")
			var res response
			for range 31 {
				res = c.Do(http.MethodPost, "/privacy/member-id", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, nil)
			}
			return "/privacy/member-id", res
		}},
		{name: "403 CSRF", status: 403, get: post("127.0.0.133", 403, func(c *client, v url.Values) (http.Header, []byte) {
			v.Del("csrf_token")
			return c.sameOrigin(), []byte(v.Encode())
		})},
		{name: "405 method", status: 405, get: func(t *testing.T, inst *instance) (string, response) {
			return "/privacy/member-id", inst.newClient(t, "127.0.0.134").Get("/privacy/member-id")
		}},
		{name: "410 link", status: 410, get: func(t *testing.T, inst *instance) (string, response) {
			return "/join/confirm", inst.newClient(t, "127.0.0.135").Get("/join/confirm?token=" + randomToken(t))
		}},
		{name: "410 privacy link", status: 410, get: func(t *testing.T, inst *instance) (string, response) {
			return "/privacy/confirm", inst.newClient(t, "127.0.0.136").Get("/privacy/confirm?token=" + randomToken(t))
		}},
		{name: "413 too large", status: 413, get: post("127.0.0.137", 413, func(c *client, v url.Values) (http.Header, []byte) {
			v.Set("pad", string(make([]byte, 70<<10)))
			return c.sameOrigin(), []byte(v.Encode())
		})},
		{name: "415 type", status: 415, get: post("127.0.0.138", 415, func(c *client, v url.Values) (http.Header, []byte) {
			h := c.sameOrigin()
			h.Set("Content-Type", "text/plain")
			return h, []byte(v.Encode())
		})},
		{name: "422 lookup form", status: 422, get: post("127.0.0.139", 422, func(c *client, v url.Values) (http.Header, []byte) {
			v.Set("email", "not-an-address")
			return c.sameOrigin(), []byte(v.Encode())
		})},
		{name: "422 join form", status: 422, get: func(t *testing.T, inst *instance) (string, response) {
			c := inst.newClient(t, "127.0.0.140")
			if r := c.Get("/join"); r.Status == http.StatusNotFound {
				return "/join", r
			}
			v := c.validFields(publicForms()[0], "not-an-address")
			v.Del("first_name")
			v.Del("consent")
			return "/join", c.PostForm("/join", v)
		}},
	}
}
