package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Renderer holds every page template, parsed once at start-up: a broken
// template stops start-up instead of failing a visitor's request.
type Renderer struct {
	pages map[string]*template.Template
	org   string
	asset func(string) string
}

// NewRenderer parses layouts/ and partials/ with each file of pages/ from fsys.
func NewRenderer(fsys fs.FS, org string, asset func(string) string) (*Renderer, error) {
	r := &Renderer{pages: map[string]*template.Template{}, org: org, asset: asset}
	funcs := template.FuncMap{"asset": asset}
	shared, err := template.New("shared").Funcs(funcs).ParseFS(fsys, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layouts: %w", err)
	}
	files, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		t, err := template.Must(shared.Clone()).ParseFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		name := strings.TrimSuffix(path.Base(f), ".html")
		r.pages[name] = t
	}
	return r, nil
}

// PageData is what every page template receives; handlers put their own
// values in Data.
type PageData struct {
	Org         string
	SocialLinks []SocialLink
	RequestID   string
	Data        any
}

// SocialLink is one footer link.
type SocialLink struct {
	Label string
	URL   string
	Icon  string
}

// Render executes page into a buffer first, so a template error never sends a
// half-written page.
func (r *Renderer) Render(e *core.RequestEvent, status int, page string, data any) error {
	t, ok := r.pages[page]
	if !ok {
		return fmt.Errorf("unknown page %q", page)
	}
	pd := PageData{Org: r.org, Data: data}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", pd); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	e.Response.Header().Set("Content-Type", "text/html; charset=utf-8")
	e.Response.WriteHeader(status)
	_, err := e.Response.Write(buf.Bytes())
	return err
}

// Pages lists the parsed page names (used by tests that render every page).
func (r *Renderer) Pages() []string {
	out := make([]string, 0, len(r.pages))
	for k := range r.pages {
		out = append(out, k)
	}
	return out
}
