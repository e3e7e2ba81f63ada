package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// publicForm is one public intake POST of SPEC §6: where its form is shown,
// where it answers 303 to, and the issue that builds it (for the skip
// message while it is not merged).
type publicForm struct {
	Post, Page, Sent, Issue string
}

// publicForms returns every public intake POST, in SPEC order.
func publicForms() []publicForm {
	return []publicForm{
		{Post: "/join", Page: "/join", Sent: "/join/sent", Issue: "issue 15 (join)"},
		{Post: "/privacy/member-id", Page: "/lookup", Sent: "/privacy/sent", Issue: "issue 16 (privacy)"},
		{Post: "/privacy/details", Page: "/lookup", Sent: "/privacy/sent", Issue: "issue 16 (privacy)"},
		{Post: "/privacy/deletion", Page: "/lookup", Sent: "/privacy/sent", Issue: "issue 17 (deletion)"},
		{Post: "/privacy/manage", Page: "/lookup", Sent: "/privacy/sent", Issue: "issue 21 (self-service)"},
	}
}

// needRoute fails the test when POST path answers 404: the route that
// issue built has gone missing.
func needRoute(t *testing.T, c *client, path, issue string) {
	t.Helper()
	if res := c.Do(http.MethodPost, path, nil, nil); res.Status == http.StatusNotFound {
		t.Fatalf("POST %s answers 404: the route %s built is missing", path, issue)
	}
}

// needPage fails the test when GET path answers 404.
func needPage(t *testing.T, c *client, path, issue string) {
	t.Helper()
	if res := c.Get(path); res.Status == http.StatusNotFound {
		t.Fatalf("GET %s answers 404: the page %s built is missing", path, issue)
	}
}

// hiddenInput matches a hidden field as our templates write it.
var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// validFields loads f's page with c and returns a valid body for f with
// email: the page's hidden fields (token, consent version) and, for /join,
// the person fields and the consent box.
func (c *client) validFields(f publicForm, email string) url.Values {
	c.t.Helper()
	res := c.Get(f.Page)
	if res.Status != http.StatusOK {
		c.t.Fatalf("GET %s: %d", f.Page, res.Status)
	}
	v := hiddenFields(res.Body)
	if v.Get("csrf_token") == "" {
		c.t.Fatalf("GET %s: no csrf_token", f.Page)
	}
	v.Set("email", email)
	if f.Post == "/join" {
		v.Set("first_name", "Ada")
		v.Set("last_name", "Lovelace")
		v.Set("consent", "yes")
	}
	return v
}

// hiddenFields returns the hidden fields of a page (all forms together:
// they share one token).
func hiddenFields(page []byte) url.Values {
	v := url.Values{}
	for _, m := range hiddenInput.FindAllSubmatch(page, -1) {
		v.Set(string(m[1]), html.UnescapeString(string(m[2])))
	}
	return v
}

// expectRedirect fails unless res is the 303 to want.
func expectRedirect(t *testing.T, res response, want string) {
	t.Helper()
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Fatalf("want 303 to %s, got %d Location %q: %s", want, res.Status, res.Header.Get("Location"), res.Body)
	}
}

func (f publicForm) String() string { return fmt.Sprintf("POST %s", f.Post) }
