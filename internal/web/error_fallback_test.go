package web

import (
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/config"
	"memberbase/templates"
)

// brokenErrorPage is the embedded template set with an error page that
// fails while it executes (a field the page data does not have).
func brokenErrorPage(t *testing.T) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["pages/error.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}{{.Data.NoSuchField}}{{end}}`)}
	return m
}

// When the error page itself cannot be rendered, the visitor still gets a
// plain page with the status, the title and the request's reference, and
// nothing of the cause.
func TestErrorPageFallsBackToAStaticPage(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(app, cfg, brokenErrorPage(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	e := &core.RequestEvent{App: app}
	e.Request = httptest.NewRequest(http.MethodGet, "/join", nil)
	e.Response = rec
	e.Set(keyRequestID, "req-7f3a")
	cause := errors.New("secret SQL detail")
	if err := s.renderError(e, http.StatusGone, cause); err == nil {
		t.Error("the template failure was not reported")
	}
	body := rec.Body.String()
	if rec.Code != http.StatusGone || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
		rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("status %d, headers %v", rec.Code, rec.Header())
	}
	if !strings.Contains(body, "<h1>Link no longer valid</h1>") || !strings.Contains(body, "<p>Reference: req-7f3a</p>") ||
		strings.Contains(body, "secret") {
		t.Errorf("fallback page %q", body)
	}
}

// A rate-limit rule that reports no usable window still asks clients to
// wait the default minute rather than retry at once.
func TestRetryAfterWithoutAUsableWindow(t *testing.T) {
	for _, raw := range []string{`{"duration":0}`, `{"duration":-5}`, `{"duration":}`, `{"label":"x"}`} {
		err := apis.NewTooManyRequestsError("", errors.New("triggered rate limit rule: "+raw))
		if got := retryAfter(err); got != 60 {
			t.Errorf("%s: Retry-After %d, want 60", raw, got)
		}
	}
}
