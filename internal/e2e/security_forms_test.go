package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"memberbase/internal/config"
	"memberbase/internal/web"
)

// csrfCookie is the token cookie's name in production.
const csrfCookie = "__Host-csrf"

// expiredToken signs a token for cookie with the server's own key (derived
// from the instance's SECRET_KEY by the server's code) whose expiry has
// passed: the same token a form left open past its lifetime would carry.
func expiredToken(t *testing.T, inst *instance, cookie string) string {
	t.Helper()
	cfg, err := config.LoadEnviron(inst.environ())
	if err != nil {
		t.Fatal(err)
	}
	csrf, err := web.NewCSRF(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return csrf.Issue(cookie, time.Now().Add(-web.CSRFTokenTTL-time.Hour))
}

// formCases are the matrix rows of one public POST: methods, CSRF, sizes,
// types and validation. Every row uses a member's address, is refused, and
// must write nothing. Two visitors A and B (from src) provide cookies and
// tokens.
func formCases(t *testing.T, inst *instance, f publicForm, src, email string) []matrixCase {
	t.Helper()
	a, b := inst.newClient(t, src), inst.newClient(t, src)
	fa, fb := a.validFields(f, email), b.validFields(f, email)
	cookieA := a.cookie(csrfCookie)
	if cookieA == "" || b.cookie(csrfCookie) == "" {
		t.Fatalf("GET %s set no %s cookie", f.Page, csrfCookie)
	}
	sameOrigin := func(cookie string) http.Header {
		h := a.sameOrigin()
		if cookie != "" {
			h.Set("Cookie", csrfCookie+"="+cookie)
		}
		return h
	}
	withCT := func(ct string) http.Header { h := sameOrigin(cookieA); h.Set("Content-Type", ct); return h }
	body := func(mod func(url.Values)) []byte {
		v := url.Values{}
		for k, vs := range fa {
			v[k] = append([]string(nil), vs...)
		}
		if mod != nil {
			mod(v)
		}
		return []byte(v.Encode())
	}
	valid := body(nil)
	forged := strings.SplitN(fa.Get("csrf_token"), ".", 2)[0] + "." + base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	refused := func(name string, h http.Header, b []byte, status int) matrixCase {
		return matrixCase{name: name, src: src, method: http.MethodPost, path: f.Post, header: h, body: b, status: status}
	}

	cases := []matrixCase{
		// CSRF.
		refused("cross-origin post", func() http.Header {
			h := sameOrigin(cookieA)
			h.Set("Origin", "https://evil.example")
			h.Set("Sec-Fetch-Site", "cross-site")
			return h
		}(), valid, 403),
		refused("cross-site fetch metadata without Origin", func() http.Header {
			h := sameOrigin(cookieA)
			h.Del("Origin")
			h.Set("Sec-Fetch-Site", "cross-site")
			return h
		}(), valid, 403),
		refused("missing token", sameOrigin(cookieA), body(func(v url.Values) { v.Del("csrf_token") }), 403),
		refused("forged token", sameOrigin(cookieA), body(func(v url.Values) { v.Set("csrf_token", forged) }), 403),
		refused("token of another visitor", sameOrigin(cookieA), body(func(v url.Values) { v.Set("csrf_token", fb.Get("csrf_token")) }), 403),
		refused("missing cookie", sameOrigin(""), valid, 403),
		refused("method override header is ignored", func() http.Header {
			h := sameOrigin(cookieA)
			h.Set("X-HTTP-Method-Override", "GET")
			return h
		}(), body(func(v url.Values) { v.Del("csrf_token") }), 403),
		refused("_method field is ignored", sameOrigin(cookieA), body(func(v url.Values) { v.Del("csrf_token"); v.Set("_method", "GET") }), 403),
		{name: "expired token gives the form back", src: src, method: http.MethodPost, path: f.Post, header: sameOrigin(cookieA),
			body: body(func(v url.Values) {
				v.Set("csrf_token", expiredToken(t, inst, cookieA))
				v.Set("email", "kept.value@e2e.example.org")
			}),
			status: 422, want: map[string]string{"Cache-Control": "no-store"}, check: formGivenBack("kept.value@e2e.example.org", "expired")},

		// Sizes and types.
		refused("body over 64 KiB", sameOrigin(cookieA), body(func(v url.Values) { v.Set("pad", strings.Repeat("a", 64<<10)) }), 413),
		{name: "chunked body over 64 KiB", src: src, method: http.MethodPost, path: f.Post, header: sameOrigin(cookieA),
			body: body(func(v url.Values) { v.Set("pad", strings.Repeat("a", 64<<10)) }), chunked: true, status: 413},
		refused("multipart body", withCT("multipart/form-data; boundary=xyz"), []byte("--xyz--\r\n"), 415),
		refused("JSON body", withCT("application/json"), []byte(`{"email":"`+email+`"}`), 415),
		refused("text body", withCT("text/plain"), valid, 415),
		refused("latin-1 charset", withCT("application/x-www-form-urlencoded; charset=iso-8859-1"), valid, 415),
		refused("malformed escape", sameOrigin(cookieA), append(valid, "&x=%zz"...), 400),
		refused("invalid UTF-8", sameOrigin(cookieA), append(valid, "&x=%ff"...), 400),
		refused("duplicate field", sameOrigin(cookieA), append(valid, "&email=other%40e2e.example.org"...), 400),

		// Validation: the form again, the value kept.
		{name: "invalid address", src: src, method: http.MethodPost, path: f.Post, header: sameOrigin(cookieA),
			body: body(func(v url.Values) { v.Set("email", "not-an-address") }), status: 422, check: formGivenBack("not-an-address", "")},
		refused("address with a line break", sameOrigin(cookieA), body(func(v url.Values) { v.Set("email", email+"\r\nBcc: x@evil.example") }), 422),
		refused("address with a display name", sameOrigin(cookieA), body(func(v url.Values) { v.Set("email", "Grace <"+email+">") }), 422),
	}

	// Methods: a POST-only route answers 405 to the rest; a route that also
	// shows its form allows GET and HEAD too.
	allow, methods := "POST", []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodDelete}
	if f.Page == f.Post {
		allow, methods = "GET, HEAD, POST", methods[2:]
	}
	for _, m := range methods {
		cases = append(cases, matrixCase{name: m + " is not allowed", src: src, method: m, path: f.Post, status: 405, want: map[string]string{"Allow": allow}})
	}
	return cases
}

// formGivenBack returns a check that the answer is the form again, keeping
// value and holding a fresh token; with topic, the summary mentions it.
func formGivenBack(value, topic string) func(*testing.T, *instance, response) {
	return func(t *testing.T, _ *instance, res response) {
		t.Helper()
		if !bytes.Contains(res.Body, []byte(fmt.Sprintf(`value="%s"`, value))) {
			t.Errorf("the form does not keep %q", value)
		}
		if csrfField.Find(res.Body) == nil {
			t.Error("the form has no fresh token")
		}
		if !bytes.Contains(res.Body, []byte(`class="error-summary"`)) {
			t.Error("no error summary")
		}
		if topic != "" && !bytes.Contains(res.Body, []byte(topic)) {
			t.Errorf("the summary does not mention %q", topic)
		}
	}
}
