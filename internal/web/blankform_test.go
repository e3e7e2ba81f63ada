package web

import (
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// A blank form is executed once per key; each request splices its own token
// and request ID into the cached output, which equals a full rendering.
func TestBlankFormExecutesTheTemplateOncePerKey(t *testing.T) {
	dir := t.TempDir()
	writeTemplates(t, dir, `{{define "content"}}<form><input name="csrf_token" value="{{.CSRFToken}}"><script>var t = {{.CSRFToken}};</script>`+
		`{{with .RequestID}}<code>{{.}}</code>{{end}}<a href="{{asset "x.css"}}?t={{.CSRFToken}}">{{.Data}}</a></form>{{end}}`)
	executions := 0
	r, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { executions++; return "/static/" + n })
	if err != nil {
		t.Fatal(err)
	}
	r.SetSocialLinks(func(core.App) []SocialLink { return []SocialLink{{Label: "Mastodon"}} })
	full := func(token, id string, data any) string {
		e, rec := testEvent("GET", "/")
		e.Set(keyRequestID, id)
		if err := r.RenderPage(e, 200, "home", PageData{CSRFToken: token, Data: data}); err != nil {
			t.Fatal(err)
		}
		return rec.Body.String()
	}
	blank := func(token, id string, data any) string {
		e, rec := testEvent("GET", "/")
		e.Set(keyRequestID, id)
		done, err := r.renderBlank(e, 200, "home", token, data)
		if err != nil || !done {
			t.Fatalf("renderBlank = %v, %v", done, err)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		return rec.Body.String()
	}
	r.CacheBlankForms("home")

	before := executions
	for _, c := range []struct{ token, id, data string }{
		{"1767225600.tokenA_-x", "req1", "v1"},
		{"1767225600.tokenB", "req-2.b", "v1"},
		{"1767225600.tokenC", "req3", "v1"},
	} {
		if got, want := blank(c.token, c.id, c.data), full(c.token, c.id, c.data); got != want {
			t.Fatalf("cached:\n%s\nfull rendering:\n%s", got, want)
		}
	}
	// Three blank forms, three full renderings: one execution for the cache.
	if n := executions - before; n != 4 {
		t.Errorf("the template ran %d times for 3 blank forms and 3 full renderings (want 1 + 3)", n)
	}

	// New data is a new key (a changed consent text shows at once).
	before = executions
	if got, want := blank("1767225600.tokenD", "req4", "v2"), full("1767225600.tokenD", "req4", "v2"); got != want {
		t.Fatalf("after the data changed:\n%s\nwant:\n%s", got, want)
	}
	if n := executions - before; n != 2 {
		t.Errorf("new data: %d executions, want 2", n)
	}
}

func TestBlankFormFallsBackWhenItCannotSplice(t *testing.T) {
	dir := t.TempDir()
	writeTemplates(t, dir, `{{define "content"}}{{.CSRFToken}} {{with .RequestID}}<code>{{.}}</code>{{end}}{{end}}`)
	r, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { return n })
	if err != nil {
		t.Fatal(err)
	}
	r.CacheBlankForms("home")
	for _, c := range []struct {
		name, page, id string
		data           any
	}{
		{"a page not listed", "other", "req1", nil},
		{"a request ID a proxy set with a colon", "home", "lb:42", nil},
		{"no request ID (a template may test for it)", "home", "", nil},
		{"data that cannot be a map key", "home", "req1", []string{"x"}},
	} {
		e, rec := testEvent("GET", "/")
		e.Set(keyRequestID, c.id)
		if done, err := r.renderBlank(e, 200, c.page, "1767225600.tok", c.data); done || err != nil || rec.Body.Len() != 0 {
			t.Errorf("%s: renderBlank = %v, %v, wrote %q (want a full rendering instead)", c.name, done, err, rec.Body.String())
		}
	}
	r.reload = true
	e, _ := testEvent("GET", "/")
	e.Set(keyRequestID, "req1")
	if done, _ := r.renderBlank(e, 200, "home", "1767225600.tok", nil); done {
		t.Error("development (templates re-read) must not cache")
	}
}
