package e2e

import (
	"net/http"
	"strings"
	"testing"
)

const manageIssue = "issue 21 (self-service)"

// TestBrowserManage is member self-service in Chromium, production behind
// the TLS proxy: lookup → the manage link from the mail → change the name
// → change the email (confirmed from the new mailbox; the old one is told,
// the old manage link is then 410) → leave → join again with the new
// address: the same member ID. Every page passes axe. Needs issue 21.
func TestBrowserManage(t *testing.T) {
	inst := startProduction(t, nil)
	needRoute(t, inst.newClient(t, "127.0.0.170"), "/privacy/manage", manageIssue)
	su := inst.superuser(t)
	m := su.createMember("Grace", "Hopper-E2E", "grace.e2e@e2e.example.org")
	const newEmail = "grace.new.e2e@e2e.example.org"
	script := axeScript(t)
	b := newBrowser(t, inst)

	b.lookupRequest("manage", m.Email)
	manage := linkTo(t, inst, m.Email, 0, "/manage")
	res := b.openURL(manage)
	if res.Status != http.StatusOK || res.Headers["Referrer-Policy"] != "no-referrer" {
		t.Fatalf("manage page: %d %v", res.Status, res.Headers)
	}
	if page := b.text("main"); !strings.Contains(page, m.MemberID) || !strings.Contains(page, m.Email) {
		t.Errorf("the manage page lacks the member's details: %q", page)
	}
	b.axe(script)

	// Change the name.
	b.do("clear the first name", chromedpSetAll("#first_name", ""))
	b.typeInto("first_name", "Amazing Grace")
	if status, _ := b.submit(`form[action="/manage"]:has(input[value=details]) button[type=submit]`); status != http.StatusOK {
		t.Fatalf("details: %d", status)
	}
	if page := b.text("main"); !strings.Contains(page, "Your details were saved.") || !strings.Contains(page, "Amazing Grace") {
		t.Errorf("after saving: %q", page)
	}
	b.axe(script)

	// Change the email address.
	sent := len(inst.SMTP.Messages())
	b.typeInto("new_email", newEmail)
	if status, url := b.submit(`form[action="/manage"]:has(input[value=email]) button[type=submit]`); status != http.StatusOK || url != inst.Base+"/manage/email-sent" {
		t.Fatalf("email change led to %d %s", status, url)
	}
	b.axe(script)
	confirm := linkTo(t, inst, newEmail, sent, "/manage/email")
	if res := b.openURL(confirm); res.Status != http.StatusOK || res.Headers["Referrer-Policy"] != "no-referrer" {
		t.Fatalf("email confirmation page: %d", res.Status)
	}
	if page := b.text("main"); strings.Contains(page, m.Email) || strings.Contains(page, newEmail) {
		t.Errorf("the confirmation page must mask both addresses: %q", page)
	}
	b.axe(script)
	sent = len(inst.SMTP.Messages())
	if status, _ := b.submit(`form[action="/manage/email"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("confirm the new address: %d", status)
	}
	notice := mailTo(t, inst, m.Email, sent)
	if !strings.Contains(notice.Subject, "address was changed") || strings.Contains(notice.Text, newEmail) {
		t.Errorf("notice to the old address %q:\n%s", notice.Subject, notice.Text)
	}
	if res := b.openURL(manage); res.Status != http.StatusGone {
		t.Errorf("the old manage link after the change: %d, want 410", res.Status)
	}

	// Leave, through a new link to the new address.
	sent = len(inst.SMTP.Messages())
	b.lookupRequest("manage", newEmail)
	manage = linkTo(t, inst, newEmail, sent, "/manage")
	b.openURL(manage)
	sent = len(inst.SMTP.Messages())
	b.click("#leave_reason")
	b.click("#confirm")
	if status, _ := b.submit(`form[action="/manage"]:has(input[value=leave]) button[type=submit]`); status != http.StatusOK {
		t.Fatalf("leave: %d", status)
	}
	if page := b.text("main"); !strings.Contains(page, m.MemberID) {
		t.Errorf("goodbye page: %q", page)
	}
	b.axe(script)
	if bye := mailTo(t, inst, newEmail, sent); !strings.Contains(bye.Text, m.MemberID) {
		t.Errorf("goodbye mail:\n%s", bye.Text)
	}

	// Join again: the same member ID.
	sent = len(inst.SMTP.Messages())
	b.open("/join")
	b.typeInto("first_name", "Grace")
	b.typeInto("last_name", "Hopper-E2E")
	b.typeInto("email", newEmail)
	b.click("#consent")
	if status, _ := b.submit(`form[action="/join"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("join: %d", status)
	}
	b.openURL(linkTo(t, inst, newEmail, sent, "/join/confirm"))
	if status, _ := b.submit(`form[action="/join/confirm"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("rejoin: %d", status)
	}
	if page := b.text("main"); !strings.Contains(page, m.MemberID) {
		t.Errorf("rejoining did not keep %s: %q", m.MemberID, page)
	}
	if n := su.count("members", ""); n != 1 {
		t.Errorf("%d members after rejoining, want 1", n)
	}
}
