package e2e

import (
	"fmt"
	"net/http"
	"testing"
)

// TestCSRFSameOriginPostsPass is the other side of the matrix's CSRF rows:
// on every public POST, a same-origin post with its token passes (303), so
// does one from a no-referrer page (Origin: null with Sec-Fetch-Site:
// same-origin), and a form whose token expired comes back with a fresh
// token that then passes.
func TestCSRFSameOriginPostsPass(t *testing.T) {
	inst := startProduction(t, nil)
	for i, f := range publicForms() {
		t.Run(f.Post, func(t *testing.T) {
			c := inst.newClient(t, fmt.Sprintf("127.0.0.%d", 110+i))
			needRoute(t, c, f.Post, f.Issue)
			email := fmt.Sprintf("csrf.stranger%d@e2e.example.org", i)

			expectRedirect(t, c.PostForm(f.Post, c.validFields(f, email)), f.Sent)

			h := c.sameOrigin()
			h.Set("Origin", "null")
			expectRedirect(t, c.Do(http.MethodPost, f.Post, h, []byte(c.validFields(f, email).Encode())), f.Sent)

			v := c.validFields(f, email)
			v.Set("csrf_token", expiredToken(t, inst, c.cookie(csrfCookie)))
			res := c.PostForm(f.Post, v)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("expired token: want 422, got %d", res.Status)
			}
			formGivenBack(email, "expired")(t, inst, res)
			m := csrfField.FindSubmatch(res.Body)
			if m == nil || string(m[1]) == v.Get("csrf_token") {
				t.Fatal("the form came back without a fresh token")
			}
			v.Set("csrf_token", string(m[1]))
			expectRedirect(t, c.PostForm(f.Post, v), f.Sent)
		})
	}
}
