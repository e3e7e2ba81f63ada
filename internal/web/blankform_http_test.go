package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"memberbase/internal/web"
)

// The cached blank join and lookup forms give each visitor a token that
// belongs to that visitor's cookie alone, and a form that posts.
func TestCachedBlankFormsKeepPerVisitorCSRF(t *testing.T) {
	s := newJoinSite(t, nil)
	csrf := web.NewCSRFMust(t, s.cfg)
	for _, page := range []string{"join", "lookup"} {
		var cookies, tokens, bodies []string
		for range 3 {
			body, cookie, token := s.openForm("/" + page)
			cookies, tokens = append(cookies, cookie), append(tokens, token)
			bodies = append(bodies, strings.ReplaceAll(body, token, "TOKEN"))
		}
		// The pages differ in the token only (in-package tests compare the
		// cached page with a full rendering byte for byte).
		if bodies[0] != bodies[1] || bodies[1] != bodies[2] || !strings.Contains(bodies[0], `value="TOKEN"`) {
			t.Fatalf("%s: pages differ beyond the token:\n%s\n%s", page, bodies[0], bodies[1])
		}
		for i := range tokens {
			for j := range cookies {
				err := csrf.Verify(cookies[j], tokens[i], time.Now())
				if (i == j) != (err == nil) {
					t.Errorf("%s: token of visitor %d with the cookie of visitor %d: %v", page, i, j, err)
				}
			}
		}
		if tokens[0] == tokens[1] || cookies[0] == cookies[1] {
			t.Errorf("%s: two visitors share a cookie or token", page)
		}
	}

	// A visitor who comes back keeps the cookie; the new token verifies with it.
	_, cookie, _ := s.openForm("/join")
	resp, body := s.req("GET", "/join", nil, map[string]string{"Cookie": "__Host-csrf=" + cookie})
	m := tokenRe.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil || csrf.Verify(cookie, m[1], time.Now()) != nil {
		t.Fatalf("returning visitor: %d, token %v", resp.StatusCode, m)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-csrf" && c.Value != cookie {
			t.Error("a valid cookie was replaced")
		}
	}
	// And the form it got posts.
	fields := joinFields("ada@example.org")
	fields.Set("csrf_token", m[1])
	if resp, body := s.req("POST", "/join", strings.NewReader(fields.Encode()), sameOrigin(cookie)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /join with the cached form's token: %d\n%s", resp.StatusCode, body)
	}
}
