package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const privacyIssue = "issue 16 (privacy)"

// lookupRequest fills the lookup page's form (member-id, details or
// deletion) with email and sends it, expecting the sent page.
func (b *browser) lookupRequest(form, email string) {
	b.t.Helper()
	if status := b.open("/lookup"); status != http.StatusOK {
		b.t.Fatalf("GET /lookup: %d", status)
	}
	b.typeInto(form+"-email", email)
	status, url := b.submit(fmt.Sprintf(`form[action="/privacy/%s"] button[type=submit]`, form))
	if status != http.StatusOK || url != b.inst.Base+"/privacy/sent" {
		b.t.Fatalf("%s request led to %d %s", form, status, url)
	}
	if !strings.Contains(b.text("main"), "If this address can receive it") {
		b.t.Errorf("sent page: %q", b.text("main"))
	}
}

// TestBrowserLookupMemberID: lookup page → "email me my member ID" → sent
// page → the member's mail holds the member ID. Needs issue 16 (privacy).
func TestBrowserLookupMemberID(t *testing.T) {
	inst := startProduction(t, nil)
	needRoute(t, inst.newClient(t, "127.0.0.160"), "/privacy/member-id", privacyIssue)
	m := inst.superuser(t).createMember("Hedy", "Lamarr-E2E", "hedy.e2e@e2e.example.org")
	b := newBrowser(t, inst)
	b.lookupRequest("member-id", m.Email)
	mail := mailTo(t, inst, m.Email, 0)
	if !strings.Contains(mail.Text, m.MemberID) || !strings.Contains(mail.HTML, m.MemberID) {
		t.Errorf("member-ID mail %q lacks %s:\n%s", mail.Subject, m.MemberID, mail.Text)
	}
}

// TestBrowserDetailsDownload: lookup page → "email me a copy of my data" →
// the confirmation link from the mail (masked address, no-referrer, a
// button) → confirm → the download link from the second mail → both files
// downloaded by Chromium, the JSON document and the HTML summary, each
// holding the member's data; the request is then completed. Needs issue 16
// (privacy).
func TestBrowserDetailsDownload(t *testing.T) {
	inst := startProduction(t, nil)
	needRoute(t, inst.newClient(t, "127.0.0.161"), "/privacy/details", privacyIssue)
	su := inst.superuser(t)
	m := su.createMember("Katherine", "Johnson-E2E", "katherine.e2e@e2e.example.org")
	script := axeScript(t)
	b := newBrowser(t, inst)

	b.lookupRequest("details", m.Email)
	confirm := linkTo(t, inst, m.Email, 0, "/privacy/confirm")
	res := b.openURL(confirm)
	if res.Status != http.StatusOK || res.Headers["Referrer-Policy"] != "no-referrer" {
		t.Fatalf("confirmation page: %d, Referrer-Policy %q", res.Status, res.Headers["Referrer-Policy"])
	}
	if page := b.text("main"); strings.Contains(page, m.Email) || !strings.Contains(page, "@") {
		t.Errorf("the confirmation page must show the address masked: %q", page)
	}
	b.axe(script)
	if status, _ := b.submit(`form[action="/privacy/confirm"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("confirm: %d", status)
	}
	b.axe(script)

	dl := linkTo(t, inst, m.Email, 1, "/privacy/download")
	if res := b.openURL(dl); res.Status != http.StatusOK {
		t.Fatalf("download page: %d", res.Status)
	}
	b.axe(script)
	jsonName, doc := b.download(`form[action="/privacy/download"]:has(input[name=format][value=json]) button`)
	var export map[string]any
	if err := json.Unmarshal(doc, &export); err != nil {
		t.Fatalf("%s is not JSON: %v\n%.300s", jsonName, err, doc)
	}
	for _, want := range []string{m.MemberID, m.Email, m.LastName} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("%s lacks %q", jsonName, want)
		}
	}
	htmlName, summary := b.download(`form[action="/privacy/download"]:has(input[name=format][value=html]) button`)
	for _, want := range []string{m.MemberID, m.FirstName, m.LastName} {
		if !bytes.Contains(summary, []byte(want)) {
			t.Errorf("%s lacks %q", htmlName, want)
		}
	}
	// Repeatable until expiry.
	if _, again := b.download(`form[action="/privacy/download"]:has(input[name=format][value=json]) button`); !bytes.Equal(again, doc) {
		t.Error("a second download differs")
	}
	var reqs struct {
		Items []struct{ Kind, Status string }
	}
	su.call(http.MethodGet, "/api/collections/privacy_requests/records?filter="+url.QueryEscape(fmt.Sprintf("member='%s'", m.ID)), nil, http.StatusOK, &reqs)
	if len(reqs.Items) != 1 || reqs.Items[0].Kind != "details" || reqs.Items[0].Status != "completed" {
		t.Errorf("privacy requests of the member: %+v, want one completed details request", reqs.Items)
	}
}

// TestBrowserExpiredCSRF: a form left open past its token's lifetime (the
// token the browser holds is replaced by one the server's own code signed
// with an expiry in the past, for the browser's real cookie) comes back
// with the typed value kept, a message and a fresh token, and then goes
// through. It runs on the lookup page's member-ID form (issue 16) or, while
// only the join form exists, on that one (issue 15).
func TestBrowserExpiredCSRF(t *testing.T) {
	inst := startProduction(t, nil)
	probe := inst.newClient(t, "127.0.0.162")
	form, field, sent := "/privacy/member-id", "member-id-email", "/privacy/sent"
	page := "/lookup"
	if probe.Do(http.MethodPost, form, nil, nil).Status == http.StatusNotFound {
		form, field, sent, page = "/join", "email", "/join/sent", "/join"
		needRoute(t, probe, form, "issue 15 (join) or issue 16 (privacy)")
	}
	b := newBrowser(t, inst)
	b.open(page)
	var cookie string
	for _, c := range b.cookies() {
		if c.Name == csrfCookie {
			cookie = c.Value
		}
	}
	if cookie == "" {
		t.Fatalf("no %s cookie", csrfCookie)
	}
	const email = "expired.form@e2e.example.org"
	expired := expiredToken(t, inst, cookie)
	sel := fmt.Sprintf(`form[action=%q]`, form)
	b.do("age the token", chromedpSetAll(sel+` input[name=csrf_token]`, expired))
	if form == "/join" {
		b.typeInto("first_name", "Old")
		b.typeInto("last_name", "Tab")
		b.click("#consent")
	}
	b.typeInto(field, email)
	status, _ := b.submit(sel + ` button[type=submit]`)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("expired token: want 422, got %d", status)
	}
	if summary := b.text(".error-summary"); !strings.Contains(summary, "expired") {
		t.Errorf("summary %q does not say the form expired", summary)
	}
	if v := b.value(field); v != email {
		t.Errorf("typed address not kept: %q", v)
	}
	fresh := eval[string](b, fmt.Sprintf(`document.querySelector(%q).value`, sel+` input[name=csrf_token]`))
	if fresh == "" || fresh == expired {
		t.Fatal("no fresh token")
	}
	if form == "/join" && !eval[bool](b, `document.getElementById("consent").checked`) {
		t.Error("the consent box was not kept")
		b.click("#consent")
	}
	if status, url := b.submit(sel + ` button[type=submit]`); status != http.StatusOK || url != inst.Base+sent {
		t.Fatalf("resubmitted form led to %d %s", status, url)
	}
}
