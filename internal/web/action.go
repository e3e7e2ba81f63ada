package web

import (
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Action is a public form action: every state change is a POST to Path.
type Action struct {
	Path string
	// Page is the template shown again when the token merely expired (and,
	// through [Server.Invalid], with field errors).
	Page string
	// Show, when set, answers GET/HEAD with the page holding the form; without
	// it GET and HEAD get 405 like PUT, PATCH and DELETE.
	Show func(e *core.RequestEvent) error
	// Data, when set, supplies Page's Data on a re-render from the submitted
	// form (e.g. the hidden token of a confirmation page).
	Data func(e *core.RequestEvent, f *Form) any
	// Submit runs only for a same-origin POST with a valid token and a well
	// formed body.
	Submit func(e *core.RequestEvent, f *Form) error
}

// HandleAction registers a at its path: POST runs the checks then Submit,
// every other method answers 405 with Allow (PocketBase's catch-all would
// answer 404). Method-override headers and a `_method` field are never
// consulted: the route is chosen by the request method alone.
func (s *Server) HandleAction(r *router.RouterGroup[*core.RequestEvent], a Action) {
	allow := http.MethodPost
	others := []string{http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete}
	if a.Show != nil {
		allow = "GET, HEAD, POST"
		r.GET(a.Path, a.Show)
		others = others[1:]
	}
	for _, m := range others {
		r.Route(m, a.Path, func(e *core.RequestEvent) error {
			e.Response.Header().Set("Allow", allow)
			return apis.NewApiError(http.StatusMethodNotAllowed, "", nil)
		})
	}
	r.POST(a.Path, func(e *core.RequestEvent) error { return s.runAction(e, a) })
}

// runAction is the fixed sequence every public POST goes through: the
// cross-origin check (headers only, cheap), the strict body parse, the
// double-submit token, then the handler. Refusals write nothing.
func (s *Server) runAction(e *core.RequestEvent, a Action) error {
	if err := s.CSRF.cop.Check(e.Request); err != nil {
		securityEvent(e, "csrf_cross_origin", "sec_fetch_site", truncate(e.Request.Header.Get("Sec-Fetch-Site"), 20))
		return apis.NewForbiddenError("", nil)
	}
	values, err := ReadFormBody(e.Request)
	if err != nil {
		return apis.NewApiError(formStatus(err), "", nil)
	}
	token := values[CSRFField]
	delete(values, CSRFField)
	f := NewForm(values)
	switch err := s.CSRF.Verify(s.CSRF.cookieValue(e), token, s.CSRF.now()); {
	case errors.Is(err, ErrCSRFExpired):
		// Same origin, right cookie, just old: give the form back with what
		// was typed and a fresh token instead of losing it.
		f.Summary = "This form was open for a long time and has expired. Please check it and send it again."
		var data any
		if a.Data != nil {
			data = a.Data(e, f)
		}
		return s.Invalid(e, a.Page, f, data)
	case err != nil:
		securityEvent(e, "csrf_token_invalid")
		return apis.NewForbiddenError("", nil)
	}
	return a.Submit(e, f)
}
