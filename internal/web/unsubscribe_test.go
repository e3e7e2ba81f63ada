package web_test

import (
	"bytes"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/announce"
	"memberbase/internal/testapp"
)

// unsubSite is a served app with members to unsubscribe.
type unsubSite struct {
	t   *testing.T
	app core.App
	url string
}

func newUnsubSite(t *testing.T) *unsubSite {
	t.Helper()
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	testapp.PauseWorkers(t, app)
	return &unsubSite{t: t, app: app, url: srv.URL}
}

// member saves an opted-in member and returns it with its one-click token.
func (s *unsubSite) member(email string) (*core.Record, string) {
	s.t.Helper()
	m := testapp.SaveMember(s.t, s.app, map[string]any{"email": email, "marketing_opt_in": true})
	svc, err := announce.FromApp(s.app)
	if err != nil {
		s.t.Fatal(err)
	}
	raw, err := svc.UnsubscribeURL(s.app, m)
	if err != nil {
		s.t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	return m, u.Query().Get("token")
}

func (s *unsubSite) optedIn(m *core.Record) bool {
	s.t.Helper()
	r, err := s.app.FindRecordById("members", m.Id)
	if err != nil {
		s.t.Fatal(err)
	}
	return r.GetBool("marketing_opt_in")
}

type unsubAnswer struct {
	status int
	header http.Header
	body   string
}

// do sends a request as a mail provider would: cross-site, no cookie.
func (s *unsubSite) do(method, path, ctype string, body []byte) unsubAnswer {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Origin", "https://mail.provider.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	h := res.Header.Clone()
	h.Del("X-Request-Id")
	h.Del("Date")
	return unsubAnswer{res.StatusCode, h, string(b)}
}

const oneClick = "List-Unsubscribe=One-Click"

func multipartOneClick(t *testing.T) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.WriteField("List-Unsubscribe", "One-Click"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.Bytes()
}

// The RFC 8058 POST from a foreign origin with no cookie unsubscribes, in
// both body encodings, and again changes nothing.
func TestOneClickUnsubscribeFromAForeignOrigin(t *testing.T) {
	s := newUnsubSite(t)
	ada, adaTok := s.member("ada@example.org")
	bob, bobTok := s.member("bob@example.org")

	first := s.do(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(adaTok), "application/x-www-form-urlencoded", []byte(oneClick))
	if first.status != http.StatusOK || s.optedIn(ada) {
		t.Fatalf("urlencoded one-click: %d, opted in %v", first.status, s.optedIn(ada))
	}
	if first.header.Get("Cache-Control") != "no-store" || first.header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers %v", first.header)
	}
	again := s.do(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(adaTok), "application/x-www-form-urlencoded", []byte(oneClick))
	if again.status != first.status || again.body != first.body {
		t.Errorf("a repeat answered differently: %d", again.status)
	}

	ctype, body := multipartOneClick(t)
	if a := s.do(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(bobTok), ctype, body); a.status != http.StatusOK || s.optedIn(bob) {
		t.Fatalf("multipart one-click: %d, opted in %v", a.status, s.optedIn(bob))
	}
}

// GET shows a button and changes nothing; the button posts the token and
// the one-click field, and unsubscribes.
func TestUnsubscribeGetDoesNotUnsubscribe(t *testing.T) {
	s := newUnsubSite(t)
	ada, tok := s.member("ada@example.org")
	for range 3 {
		a := s.do(http.MethodGet, "/unsubscribe?token="+url.QueryEscape(tok), "", nil)
		if a.status != http.StatusOK || !strings.Contains(a.body, `name="List-Unsubscribe" value="One-Click"`) ||
			!strings.Contains(a.body, `value="`+tok+`"`) || a.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("GET: %d %q", a.status, a.body)
		}
	}
	if !s.optedIn(ada) {
		t.Fatal("a GET unsubscribed")
	}
	form := url.Values{"token": {tok}, "List-Unsubscribe": {"One-Click"}}
	if a := s.do(http.MethodPost, "/unsubscribe", "application/x-www-form-urlencoded", []byte(form.Encode())); a.status != http.StatusOK || s.optedIn(ada) {
		t.Fatalf("the page's button: %d, opted in %v", a.status, s.optedIn(ada))
	}
}

// A member's token, an unknown one, a forged one and none at all get the
// same bytes, on GET (token aside) and POST.
func TestUnsubscribeAnswersLeaveNoOracle(t *testing.T) {
	s := newUnsubSite(t)
	_, tok := s.member("ada@example.org")
	id, _, _ := strings.Cut(tok, ".")
	tokens := []string{tok, "stranger-token", id + "." + strings.Repeat("x", 43), ""}
	var posts, gets []unsubAnswer
	for _, tk := range tokens {
		g := s.do(http.MethodGet, "/unsubscribe?token="+url.QueryEscape(tk), "", nil)
		// The page holds the token it was given: compare it without.
		g.body = strings.ReplaceAll(g.body, `value="`+tk+`"`, `value="TOKEN"`)
		g.header.Del("Content-Length")
		gets = append(gets, g)
		posts = append(posts, s.do(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(tk), "application/x-www-form-urlencoded", []byte(oneClick)))
	}
	for i := 1; i < len(tokens); i++ {
		for what, pair := range map[string][2]unsubAnswer{"GET": {gets[0], gets[i]}, "POST": {posts[0], posts[i]}} {
			a, b := pair[0], pair[1]
			if a.status != b.status || a.body != b.body || !maps.EqualFunc(a.header, b.header, slices.Equal) {
				t.Errorf("%s with token %d answered differently:\n%d %v\nvs\n%d %v", what, i, a.status, a.header, b.status, b.header)
			}
		}
	}
}

// The POST needs RFC 8058's body; other methods get 405.
func TestUnsubscribeRefusals(t *testing.T) {
	s := newUnsubSite(t)
	ada, tok := s.member("ada@example.org")
	path := "/unsubscribe?token=" + url.QueryEscape(tok)
	if a := s.do(http.MethodPost, path, "application/x-www-form-urlencoded", []byte("List-Unsubscribe=Yes")); a.status != http.StatusBadRequest {
		t.Errorf("without One-Click: %d", a.status)
	}
	if a := s.do(http.MethodPost, path, "application/json", []byte(`{}`)); a.status != http.StatusUnsupportedMediaType {
		t.Errorf("json body: %d", a.status)
	}
	if a := s.do(http.MethodDelete, path, "", nil); a.status != http.StatusMethodNotAllowed || a.header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("DELETE: %d %v", a.status, a.header.Get("Allow"))
	}
	if !s.optedIn(ada) {
		t.Fatal("a refused request unsubscribed")
	}
}

// The exemption is this route's alone: every other public POST refuses a
// cross-origin post without a cookie.
func TestOnlyUnsubscribeAcceptsCrossOriginPosts(t *testing.T) {
	s := newUnsubSite(t)
	for _, p := range []string{"/join", "/join/confirm", "/privacy/member-id", "/privacy/details", "/privacy/deletion",
		"/privacy/confirm", "/privacy/download", "/privacy/manage", "/manage", "/manage/email"} {
		if a := s.do(http.MethodPost, p, "application/x-www-form-urlencoded", []byte("email=ada%40example.org")); a.status != http.StatusForbidden {
			t.Errorf("POST %s cross-origin: %d, want 403", p, a.status)
		}
	}
}

// Neither the token nor the address reaches the logs.
func TestUnsubscribeTokensStayOutOfLogs(t *testing.T) {
	s := newUnsubSite(t)
	_, tok := s.member("ada@example.org")
	_, secret, _ := strings.Cut(tok, ".")
	s.do(http.MethodGet, "/unsubscribe?token="+url.QueryEscape(tok), "", nil)
	s.do(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(tok), "application/x-www-form-urlencoded", []byte(oneClick))
	s.do(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(tok), "application/x-www-form-urlencoded", []byte("bad=1"))
	logs := testapp.Logs(s.app)
	if !strings.Contains(logs, "/unsubscribe") {
		t.Fatalf("no request lines logged:\n%s", logs)
	}
	if strings.Contains(logs, secret) || strings.Contains(logs, "ada@example.org") {
		t.Fatalf("logs carry the token or the address:\n%s", logs)
	}
}
