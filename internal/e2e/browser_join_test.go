package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// memberIDPattern is a member ID with the default prefix and width.
var memberIDPattern = regexp.MustCompile(`M-\d{6,}`)

// TestBrowserJoin is the join flow in Chromium, production behind the TLS
// proxy: home → join form → sent page → the confirmation link from the
// captured mail → its page (name and a button only) → confirm → welcome
// page and welcome mail with the same member ID, and the member through
// REST; the used link then answers 410. Needs issue 15 (join).
func TestBrowserJoin(t *testing.T) {
	inst := startProduction(t, nil)
	needPage(t, inst.newClient(t, "127.0.0.150"), "/join", "issue 15 (join)")
	script := axeScript(t)
	b := newBrowser(t, inst)
	const first, last, email = "Ada", "Lovelace-E2E", "ada.e2e@e2e.example.org"

	b.open("/")
	if status, url := b.submit(`main a[href="/join"]`); status != http.StatusOK || url != inst.Base+"/join" {
		t.Fatalf("the join link led to %d %s", status, url)
	}
	b.typeInto("first_name", first)
	b.typeInto("last_name", last)
	b.typeInto("email", email)
	b.click("#consent")
	b.screenshot("join form filled", false)
	if status, url := b.submit(`form[action="/join"] button[type=submit]`); status != http.StatusOK || url != inst.Base+"/join/sent" {
		t.Fatalf("join led to %d %s", status, url)
	}
	if !strings.Contains(b.text("main"), "If this address can receive it") {
		t.Errorf("sent page: %q", b.text("main"))
	}

	link := linkTo(t, inst, email, 0, "/join/confirm")
	res := b.openURL(link)
	if res.Status != http.StatusOK {
		t.Fatalf("confirmation link: %d", res.Status)
	}
	if rp := res.Headers["Referrer-Policy"]; rp != "no-referrer" {
		t.Errorf("confirmation page Referrer-Policy %q", rp)
	}
	if page := b.text("main"); !strings.Contains(page, first) || strings.Contains(page, last) || strings.Contains(page, email) {
		t.Errorf("the confirmation page must show the first name only: %q", page)
	}
	b.axe(script)
	status, _ := b.submit(`form[action="/join/confirm"] button[type=submit]`)
	if status != http.StatusOK {
		t.Fatalf("confirm: %d", status)
	}
	page := b.text("main")
	id := memberIDPattern.FindString(page)
	if id == "" || !strings.Contains(page, "Welcome, "+first) {
		t.Fatalf("welcome page: %q", page)
	}
	b.axe(script)

	welcome := mailAbout(t, inst, email, "Welcome to ")
	if !strings.Contains(welcome.Text, id) || !strings.Contains(welcome.HTML, id) {
		t.Errorf("welcome mail %q lacks %s:\n%s", welcome.Subject, id, welcome.Text)
	}
	var list struct{ Items []member }
	inst.superuser(t).call(http.MethodGet, "/api/collections/members/records?filter="+url.QueryEscape(fmt.Sprintf("email='%s'", email)), nil, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].MemberID != id || list.Items[0].Status != "active" || list.Items[0].FirstName != first {
		t.Errorf("member through REST: %+v, want %s active", list.Items, id)
	}

	if res := b.openURL(link); res.Status != http.StatusGone {
		t.Errorf("the used link answers %d, want 410", res.Status)
	}
	b.axe(script)
}

// TestBrowserJoinErrors: the join form sent with a missing first name, a bad
// address and no consent answers 422 with the form again: a summary whose
// links lead to the fields, each message tied to its field, the values
// kept, every error reachable and followed by keyboard, no accessibility
// violation, and nothing stored. Needs issue 15 (join).
func TestBrowserJoinErrors(t *testing.T) {
	inst := startProduction(t, nil)
	needPage(t, inst.newClient(t, "127.0.0.151"), "/join", "issue 15 (join)")
	script := axeScript(t)
	b := newBrowser(t, inst)

	b.open("/join")
	b.typeInto("last_name", "Lovelace")
	b.typeInto("email", "not-an-address")
	if status, _ := b.submit(`form[action="/join"] button[type=submit]`); status != http.StatusUnprocessableEntity {
		t.Fatalf("want 422, got %d", status)
	}
	if role := eval[string](b, `document.querySelector(".error-summary").getAttribute("role")`); role != "alert" {
		t.Errorf("error summary role %q", role)
	}
	for _, field := range []string{"first_name", "email", "consent"} {
		msg := eval[string](b, fmt.Sprintf(`(f => f.getAttribute("aria-invalid") === "true" && (f.getAttribute("aria-describedby") || "").split(" ").includes(f.id + "-error") ? document.getElementById(f.id + "-error").textContent : "")(document.getElementById(%q))`, field))
		if strings.TrimSpace(msg) == "" {
			t.Errorf("%s: no error message tied to the field", field)
		}
		if n := eval[int](b, fmt.Sprintf(`document.querySelectorAll('.error-summary a[href="#%s"]').length`, field)); n != 1 {
			t.Errorf("%s: the summary has %d links to it", field, n)
		}
	}
	if v := b.value("last_name"); v != "Lovelace" {
		t.Errorf("last name not kept: %q", v)
	}
	if v := b.value("email"); v != "not-an-address" {
		t.Errorf("address not kept: %q", v)
	}
	b.axe(script)

	// Keyboard: Tab reaches the summary's first link, Enter moves focus to
	// the field it names.
	reached := false
	for range 15 {
		b.press(kb.Tab)
		if eval[string](b, `document.activeElement.getAttribute("href") || ""`) == "#first_name" {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("Tab never reaches the error summary's first link")
	}
	b.pressEnter()
	if f := b.focused(); f != "#first_name" {
		t.Errorf("following the summary link focused %s, want #first_name", f)
	}
	b.screenshot("focus on the first error", false)

	su := inst.superuser(t)
	for _, col := range []string{"intake", "join_requests"} {
		if n := su.count(col, ""); n != 0 {
			t.Errorf("%s: %d rows after an invalid join", col, n)
		}
	}
}
