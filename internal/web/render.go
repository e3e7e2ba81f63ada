package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Renderer holds every page template, parsed once at start-up: a broken
// template stops start-up instead of failing a visitor's request. With reload
// (development) each render parses the set again from the same file system,
// so template edits on disk show up without a restart.
type Renderer struct {
	fsys   fs.FS
	funcs  template.FuncMap
	pages  map[string]*template.Template
	org    string
	reload bool
	links  func(core.App) []SocialLink
	blank  *blankForms // nil until CacheBlankForms
}

// NewRenderer parses layouts/ and partials/ with each file of pages/ from fsys.
func NewRenderer(fsys fs.FS, org string, asset func(string) string) (*Renderer, error) {
	r := &Renderer{fsys: fsys, org: org, funcs: template.FuncMap{"asset": asset, "field": fieldView, "checkbox": checkboxView, "formIf": formIf}}
	pages, err := r.parse()
	if err != nil {
		return nil, err
	}
	r.pages = pages
	return r, nil
}

func (r *Renderer) parse() (map[string]*template.Template, error) {
	shared, err := template.New("shared").Funcs(r.funcs).ParseFS(r.fsys, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layouts: %w", err)
	}
	files, err := fs.Glob(r.fsys, "pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list pages: %w", err)
	}
	pages := make(map[string]*template.Template, len(files))
	for _, f := range files {
		base, err := shared.Clone()
		if err != nil {
			return nil, fmt.Errorf("clone layouts for %s: %w", f, err)
		}
		t, err := base.ParseFS(r.fsys, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return pages, nil
}

// PageData is what every page template receives; handlers put their own
// values in Data, form pages get Form and CSRFToken (see [Server.RenderForm]).
type PageData struct {
	Org         string
	SocialLinks []SocialLink
	RequestID   string
	CSRFToken   string
	Form        *Form
	Data        any
}

// SocialLink is one footer link.
type SocialLink struct {
	Label string
	URL   string
	Icon  string
}

// SetSocialLinks installs the footer link source (cached by its owner: a
// warm render must not query the database).
func (r *Renderer) SetSocialLinks(f func(core.App) []SocialLink) { r.links = f }

// Render renders page with data as PageData.Data.
func (r *Renderer) Render(e *core.RequestEvent, status int, page string, data any) error {
	return r.RenderPage(e, status, page, PageData{Data: data})
}

// RenderPage fills the per-request fields of pd (organisation, request id,
// footer links) and executes page into a buffer first, so a template error
// never sends a half-written page.
func (r *Renderer) RenderPage(e *core.RequestEvent, status int, page string, pd PageData) error {
	body, err := r.execute(e, page, pd)
	if err != nil {
		return err
	}
	return writePage(e, status, body)
}

// execute renders page with pd, filling its per-request fields.
func (r *Renderer) execute(e *core.RequestEvent, page string, pd PageData) ([]byte, error) {
	pages := r.pages
	if r.reload {
		fresh, err := r.parse()
		if err != nil {
			return nil, err
		}
		pages = fresh
	}
	t, ok := pages[page]
	if !ok {
		return nil, fmt.Errorf("unknown page %q", page)
	}
	pd.Org = r.org
	if pd.RequestID == "" {
		pd.RequestID = RequestID(e)
	}
	if r.links != nil && pd.SocialLinks == nil {
		pd.SocialLinks = r.links(e.App)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", pd); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// writePage sends a rendered page (headers only for HEAD).
func writePage(e *core.RequestEvent, status int, body []byte) error {
	e.Response.Header().Set("Content-Type", "text/html; charset=utf-8")
	e.Response.WriteHeader(status)
	if e.Request.Method == http.MethodHead {
		return nil
	}
	_, err := e.Response.Write(body)
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
