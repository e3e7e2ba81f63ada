package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// publicGets are the pages anyone can ask for, with a query a link may
// carry; publicPosts are the forms anyone can send.
var (
	publicGets  = []string{"/", "/lookup", "/join", "/join/sent", "/join/confirm", "/privacy", "/privacy/sent", "/privacy/confirm", "/privacy/confirmed", "/privacy/download", "/manage", "/manage/email", "/manage/email-sent"}
	publicPosts = []string{"/join", "/join/confirm", "/privacy/member-id", "/privacy/details", "/privacy/deletion", "/privacy/manage", "/privacy/confirm", "/privacy/download", "/manage", "/manage/email"}
)

// hostileValues are what a careless client or a fuzzer sends in a field.
var hostileValues = map[string]string{
	"invalid UTF-8": "\xff\xfe\xfd",
	"NUL bytes":     "ada\x00@example.org",
	"control chars": "\x1b[31m\r\nBcc: x@example.org",
	"long":          strings.Repeat("ä", 20_000),
	"SQL":           "' OR 1=1; DROP TABLE members; --",
	"template":      "{{.}}<script>alert(1)</script>",
	"empty":         "",
}

// TestPublicRoutesNeverAnswer5xx sends every public page and form hostile
// values in each field and query parameter (with a valid CSRF token, so the
// handlers themselves run): each answer is a 4xx or a normal page, never a
// 500 or a stack trace, and nothing is written for a request that was
// refused.
func TestPublicRoutesNeverAnswer5xx(t *testing.T) {
	s, _ := mailSite(t, map[string]string{"RATE_LIMIT": "off"}, func(app *tests.TestApp) {
		testapp.SaveMember(t, app, map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "status": "active"})
	})
	s.pauseWorkers()
	b := &browser{s: s}
	csrf := b.token("/lookup")
	tables := []string{"intake", "join_requests", "members", "privacy_requests", "manage_links", "email_changes", "email_outbox"}
	counts := func() map[string]int64 {
		out := map[string]int64{}
		for _, c := range tables {
			var n int64
			if err := s.app.DB().NewQuery("SELECT COUNT(*) FROM " + c).Row(&n); err != nil {
				t.Fatalf("count %s: %v", c, err)
			}
			out[c] = n
		}
		return out
	}
	before := counts()

	check := func(what string, resp *http.Response, page string) {
		t.Helper()
		if resp.StatusCode >= 500 || strings.Contains(page, "goroutine ") || strings.Contains(page, "panic") {
			t.Errorf("%s: %d\n%.300s", what, resp.StatusCode, page)
		}
	}
	for name, v := range hostileValues {
		for _, p := range publicGets {
			q := url.Values{"token": {v}, "c": {v}, "action": {v}}
			resp, page := b.do("GET", p+"?"+q.Encode(), nil, nil)
			check("GET "+p+" "+name, resp, page)
		}
		for _, p := range publicPosts {
			form := url.Values{"csrf_token": {csrf}}
			for _, f := range []string{"token", "email", "first_name", "last_name", "phone", "consent",
				"marketing_opt_in", "action", "new_email", "reason", "note", "confirm"} {
				form.Set(f, v)
			}
			form.Set("website", "") // the honeypot would end the request early
			resp, page := b.do("POST", p, form, nil)
			check("POST "+p+" "+name, resp, page)
			form["email"] = append(form["email"], "second@example.org") // a repeated field
			resp, page = b.do("POST", p, form, nil)
			check("POST "+p+" "+name+" repeated", resp, page)
		}
	}
	// Posts without a body, and with a body that is not the form it claims.
	for _, p := range publicPosts {
		resp, page := b.do("POST", p, nil, map[string]string{"Content-Type": "application/x-www-form-urlencoded",
			"Origin": "https://members.example.org", "Sec-Fetch-Site": "same-origin"})
		check("POST "+p+" without a body", resp, page)
		resp, page = b.do("POST", p, nil, map[string]string{"Content-Type": "multipart/form-data; boundary=x",
			"Origin": "https://members.example.org", "Sec-Fetch-Site": "same-origin"})
		check("POST "+p+" broken multipart", resp, page)
	}
	after := counts()
	for _, c := range tables {
		if after[c] != before[c] {
			t.Errorf("%s: %d rows before, %d after hostile requests only", c, before[c], after[c])
		}
	}
}
