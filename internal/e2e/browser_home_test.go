package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserHome: the home page in production through the TLS proxy,
// branded, its first Tab stop the skip link that moves focus to the main
// content, and its links leading to the lookup page.
func TestBrowserHome(t *testing.T) {
	inst := startProduction(t, nil)
	b := newBrowser(t, inst)
	if status := b.open("/"); status != http.StatusOK {
		t.Fatalf("GET /: %d", status)
	}
	if title := run(b, "title", chromedp.Title()); title != "Welcome · "+orgName {
		t.Errorf("title %q", title)
	}
	if h1 := b.text("main h1"); h1 != orgName {
		t.Errorf("h1 %q", h1)
	}
	b.press(kb.Tab)
	if f := b.focused(); f != "a:Skip to content" {
		t.Fatalf("first Tab stop is %s, want the skip link", f)
	}
	b.pressEnter()
	if f := b.focused(); f != "#main" {
		t.Errorf("the skip link moved focus to %s, want #main", f)
	}
	status, url := b.submit(`main a[href="/lookup"]`)
	if status != http.StatusOK || url != inst.Base+"/lookup" {
		t.Fatalf("the lookup link led to %d %s", status, url)
	}
}

// TestBrowserLookupForms: the lookup page's three forms, each field with a
// label, reachable by keyboard in order while the honeypots are not, and
// the CSRF cookie as the browser stored it: __Host-, Secure, HttpOnly, Lax.
func TestBrowserLookupForms(t *testing.T) {
	inst := startProduction(t, nil)
	b := newBrowser(t, inst)
	if status := b.open("/lookup"); status != http.StatusOK {
		t.Fatalf("GET /lookup: %d", status)
	}
	unlabelled := eval[[]string](b, `[...document.querySelectorAll("input:not([type=hidden])")].filter(i => i.labels.length === 0).map(i => i.id || i.name)`)
	if len(unlabelled) != 0 {
		t.Errorf("inputs without a label: %v", unlabelled)
	}
	var stops []string
	for range 20 {
		b.press(kb.Tab)
		stops = append(stops, b.focused())
	}
	order := strings.Join(stops, " → ")
	if strings.Contains(order, "website") {
		t.Errorf("a honeypot is reachable by keyboard: %s", order)
	}
	last := -1
	for _, want := range []string{"#member-id-email", "button:Send my member ID", "#details-email", "button:Send me a copy", "#deletion-email", "button:Ask for deletion"} {
		i := indexOf(stops, want)
		if i <= last {
			t.Errorf("%s is not reached by Tab after the previous field: %s", want, order)
		}
		last = i
	}

	var csrf *network.Cookie
	for _, c := range b.cookies() {
		if c.Name == csrfCookie {
			csrf = c
		}
	}
	if csrf == nil {
		t.Fatalf("no %s cookie in the browser", csrfCookie)
	}
	if !csrf.Secure || !csrf.HTTPOnly || csrf.SameSite != network.CookieSameSiteLax || csrf.Path != "/" || csrf.Domain != proxyHost {
		t.Errorf("cookie %+v", csrf)
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestDevelopmentSmoke: the development profile on plain HTTP, no proxy:
// pages render, the CSRF cookie is the plain `csrf` one, no HSTS, and the
// home page passes the accessibility checks.
func TestDevelopmentSmoke(t *testing.T) {
	inst := startDevelopment(t, nil)
	script := axeScript(t)
	b := newBrowser(t, inst)
	for _, p := range []string{"/", "/lookup"} {
		if status := b.open(p); status != http.StatusOK {
			t.Fatalf("GET %s: %d", p, status)
		}
		b.axe(script)
	}
	names := []string{}
	for _, c := range b.cookies() {
		names = append(names, c.Name)
		if c.Name == "csrf" && c.Secure {
			t.Error("the development cookie is Secure on plain HTTP")
		}
	}
	if indexOf(names, "csrf") < 0 {
		t.Errorf("cookies %v, want csrf", names)
	}
	res := inst.newClient(t, "127.0.0.1").Get("/")
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS on plain HTTP")
	}
	if status := b.open("/no-such-page"); status != http.StatusNotFound {
		t.Errorf("unknown page: %d", status)
	}
}
