package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func testEvent(method, target string) (*core.RequestEvent, *httptest.ResponseRecorder) {
	rec := httptest.NewRecorder()
	e := &core.RequestEvent{}
	e.Request = httptest.NewRequest(method, target, nil)
	e.Response = rec
	return e, rec
}

func writeTemplates(t *testing.T, dir, home string) {
	t.Helper()
	for name, body := range map[string]string{
		"layouts/base.html":    `{{define "base"}}<html lang="en"><title>{{.Org}}</title>{{template "content" .}}{{template "footer" .}}</html>{{end}}`,
		"partials/footer.html": `{{define "footer"}}<footer>{{range .SocialLinks}}{{.Label}}{{end}}</footer>{{end}}`,
		"pages/home.html":      home,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRendererReloadAndStartupErrors(t *testing.T) {
	dir := t.TempDir()
	writeTemplates(t, dir, `{{define "content"}}v1 {{.Data}}{{end}}`)
	r, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { return "/static/" + n })
	if err != nil {
		t.Fatal(err)
	}
	r.reload = true
	r.SetSocialLinks(func(core.App) []SocialLink { return []SocialLink{{Label: "Mastodon"}} })
	e, rec := testEvent("GET", "/")
	if err := r.Render(e, 200, "home", "<b>"); err != nil || !strings.Contains(rec.Body.String(), "v1 &lt;b&gt;") || !strings.Contains(rec.Body.String(), "Mastodon") {
		t.Fatalf("render: %v %q", err, rec.Body.String())
	}
	writeTemplates(t, dir, `{{define "content"}}v2{{end}}`)
	e, rec = testEvent("GET", "/")
	if err := r.Render(e, 200, "home", nil); err != nil || !strings.Contains(rec.Body.String(), "v2") {
		t.Fatalf("development must re-read templates: %v %q", err, rec.Body.String())
	}
	writeTemplates(t, dir, `{{define "content"}}{{.Broken{{end}}`)
	if _, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { return "/static/" + n }); err == nil {
		t.Fatal("a broken template must stop start-up")
	}
	e, rec = testEvent("GET", "/")
	if err := r.Render(e, 200, "home", nil); err == nil || rec.Body.Len() != 0 {
		t.Fatal("a broken template must not send a half page")
	}
}
