package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"memberbase/internal/web"
)

var summaryLinkRe = regexp.MustCompile(`<li><a href="#([a-z_]+)">`)

func TestJoinInvalidShowsEachErrorByItsFieldInFormOrder(t *testing.T) {
	s := newJoinSite(t, nil)
	resp, page := s.postForm("/join", "/join", joinFields("not an address",
		"first_name", "", "last_name", "  ", "phone", "\u202e123", "consent", "", "marketing_opt_in", "yes"))
	if resp.StatusCode != http.StatusUnprocessableEntity || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("invalid form: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	var order []string
	for _, m := range summaryLinkRe.FindAllStringSubmatch(page, -1) {
		order = append(order, m[1])
	}
	if strings.Join(order, ",") != "first_name,last_name,email,phone,consent" {
		t.Errorf("summary links %v, want the form's order", order)
	}
	for _, id := range order {
		if !strings.Contains(page, `id="`+id+`"`) || !strings.Contains(page, `id="`+id+`-error"`) ||
			!regexp.MustCompile(`id="`+id+`"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*`+id+`-error`).MatchString(page) {
			t.Errorf("field %s is not tied to its error", id)
		}
	}
	if !contains(page, "Enter your first name.", "Enter a single email address", `value="not an address"`,
		`id="marketing_opt_in" name="marketing_opt_in" type="checkbox" value="yes" checked`) {
		t.Errorf("messages or kept values missing:\n%s", page)
	}
	if n := s.count("intake"); n != 0 {
		t.Errorf("an invalid form stored %d intake rows", n)
	}
}

func TestJoinHoneypotAnswersTheSameAndStoresNothing(t *testing.T) {
	s := newJoinSite(t, nil)
	s.pauseWorkers()
	resp, _ := s.postForm("/join", "/join", joinFields("bot@example.org", "website", "https://spam.example"))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/join/sent" {
		t.Fatalf("honeypot: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if n := s.count("intake"); n != 0 {
		t.Errorf("honeypot stored %d intake rows", n)
	}
}

func TestJoinExpiredCSRFShowsTheFormsAgain(t *testing.T) {
	s := newJoinSite(t, nil)
	// The join form comes back with its consent text and what was typed.
	_, cookie, _ := s.openForm("/join")
	expired := s.web.CSRF.Issue(cookie, time.Now().Add(-web.CSRFTokenTTL-time.Minute))
	f := joinFields("kept@example.org")
	f.Set("csrf_token", expired)
	resp, page := s.req("POST", "/join", strings.NewReader(f.Encode()), sameOrigin(cookie))
	if resp.StatusCode != 422 || !contains(page, "has expired", `value="kept@example.org"`, `name="consent_version" value="1"`, "I accept its membership terms") {
		t.Errorf("join form after an expired token: %d\n%s", resp.StatusCode, page)
	}
	// The confirmation page keeps its hidden token and name.
	s.join("ada@example.org")
	path, tok := link(t, s.mail(1))
	_, cookie, _ = s.openForm(path)
	resp, page = s.postConfirm(cookie, s.web.CSRF.Issue(cookie, time.Now().Add(-web.CSRFTokenTTL-time.Minute)), tok)
	if resp.StatusCode != 422 || !contains(page, "Hello Ada", `name="token" value="`+tok+`"`) ||
		resp.Header.Get("Referrer-Policy") != "no-referrer" || s.count("members") != 0 {
		t.Errorf("confirmation after an expired token: %d %v\n%s", resp.StatusCode, resp.Header, page)
	}
	if resp, _ := s.postConfirm(cookie, tokenRe.FindStringSubmatch(page)[1], tok); resp.StatusCode != 200 || s.count("members") != 1 {
		t.Errorf("the re-shown confirmation form did not work: %d", resp.StatusCode)
	}
}

func TestJoinConfirmMethods(t *testing.T) {
	s := newJoinSite(t, nil)
	for _, m := range []string{"PUT", "PATCH", "DELETE"} {
		resp, _ := s.req(m, "/join/confirm", nil, nil)
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD, POST" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s /join/confirm: %d %v", m, resp.StatusCode, resp.Header)
		}
	}
	resp, page := s.req("GET", "/join/confirm?token=unknown", nil, nil)
	if resp.StatusCode != http.StatusGone || !strings.Contains(page, `href="/join"`) ||
		resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("unknown token: %d %v", resp.StatusCode, resp.Header)
	}
	// No cookie, no token: refused before anything is looked up.
	if resp, _ := s.req("POST", "/join/confirm", strings.NewReader("token=x"), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); resp.StatusCode != 403 {
		t.Errorf("POST without CSRF: %d", resp.StatusCode)
	}
}
