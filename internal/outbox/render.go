package outbox

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"
)

// Rendered is one mail's subject and parts, ready for a [Message].
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// Renderer holds every mail template of templates/emails/, parsed once at
// start-up: each kind has KIND.txt (defining "subject" and "body") and
// KIND.html (defining "body"), wrapped in layout.txt / layout.html.
type Renderer struct {
	org     string
	baseURL string
	text    map[string]*texttemplate.Template
	html    map[string]*htmltemplate.Template
}

// view is what every mail template receives: .Org, and the caller's .Data.
type view struct {
	Org  string
	Data any
}

// NewRenderer parses emails/ from fsys (the templates FS). Links in mails
// come only from baseURL, through the `link` template function.
func NewRenderer(fsys fs.FS, org, baseURL string) (*Renderer, error) {
	r := &Renderer{org: org, baseURL: strings.TrimRight(baseURL, "/"),
		text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	funcs := map[string]any{"link": r.link, "dashboard": r.dashboard}
	textBase, err := texttemplate.New("mail").Funcs(funcs).Option("missingkey=error").ParseFS(fsys, "emails/layout.txt")
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	htmlBase, err := htmltemplate.New("mail").Funcs(funcs).Option("missingkey=error").ParseFS(fsys, "emails/layout.html")
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	files, err := fs.Glob(fsys, "emails/*.txt")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		kind := strings.TrimSuffix(path.Base(f), ".txt")
		if kind == "layout" {
			continue
		}
		t, err := texttemplate.Must(textBase.Clone()).ParseFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("mail template %s: %w", f, err)
		}
		h, err := htmltemplate.Must(htmlBase.Clone()).ParseFS(fsys, "emails/"+kind+".html")
		if err != nil {
			return nil, fmt.Errorf("mail template %s.html: %w", kind, err)
		}
		if t.Lookup("subject") == nil || t.Lookup("body") == nil || h.Lookup("body") == nil {
			return nil, fmt.Errorf("mail template %s: needs a subject and a body in .txt and a body in .html", kind)
		}
		r.text[kind], r.html[kind] = t, h
	}
	return r, nil
}

// Kinds lists the mail kinds, sorted.
func (r *Renderer) Kinds() []string {
	out := make([]string, 0, len(r.text))
	for k := range r.text {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Render executes kind's templates with data (a map or struct the kind's
// templates expect; a missing key is an error, never "<no value>").
func (r *Renderer) Render(kind string, data any) (Rendered, error) {
	t, ok := r.text[kind]
	if !ok {
		return Rendered{}, fmt.Errorf("unknown mail kind %q", kind)
	}
	v := view{Org: r.org, Data: data}
	var subj, text, html bytes.Buffer
	if err := t.ExecuteTemplate(&subj, "subject", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s subject: %w", kind, err)
	}
	if err := t.ExecuteTemplate(&text, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s text: %w", kind, err)
	}
	if err := r.html[kind].ExecuteTemplate(&html, "layout", v); err != nil {
		return Rendered{}, fmt.Errorf("render %s html: %w", kind, err)
	}
	// A subject is one header line: fold whatever a template produced.
	subject := strings.Join(strings.Fields(subj.String()), " ")
	return Rendered{Subject: subject, Text: strings.TrimSpace(text.String()) + "\n", HTML: html.String()}, nil
}

// link builds an absolute URL from BASE_URL, a site path and query pairs:
// the only way a mail template can produce a link.
func (r *Renderer) link(p string, kv ...string) (string, error) {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "?#") {
		return "", fmt.Errorf("link: %q is not a site path", p)
	}
	if len(kv)%2 != 0 {
		return "", errors.New("link: query needs key/value pairs")
	}
	q := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	u := r.baseURL + p
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u, nil
}

// dashboard builds a link into the PocketBase dashboard (under BASE_URL):
// a collection's records, or one record when id is set. Only ids, never
// personal data, go into it.
func (r *Renderer) dashboard(collection, id string) (string, error) {
	if !dashboardID.MatchString(collection) || (id != "" && !dashboardID.MatchString(id)) {
		return "", fmt.Errorf("dashboard link: %q/%q is not a collection and record id", collection, id)
	}
	u := r.baseURL + "/_/#/collections?collection=" + collection
	if id != "" {
		u += "&record=" + id
	}
	return u, nil
}

var dashboardID = regexp.MustCompile(`^[A-Za-z0-9_]{1,100}$`)
