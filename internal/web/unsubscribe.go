package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/announce"
	"memberbase/internal/config"
)

// UnsubscribePage is the Data of the unsubscribe pages: the token the
// confirmation form posts back (empty on the page after the POST).
type UnsubscribePage struct{ Token string }

// oneClick is the RFC 8058 body field and value.
const oneClickField, oneClickValue = "List-Unsubscribe", "One-Click"

// registerUnsubscribe binds the RFC 8058 one-click unsubscribe (SPEC §19).
// GET shows a button and changes nothing (link scanners follow GETs). POST
// is the one public POST without the CSRF and Fetch-metadata checks: mail
// providers send it cross-site and without cookies, so the token in the
// URL (or the form) is its only authentication. Both answer the same bytes
// for every token, known, unknown or an erased member's, and carry no
// personal data.
func (s *Server) registerUnsubscribe(r *router.RouterGroup[*core.RequestEvent]) {
	g := r.Group("")
	g.BindFunc(tokenPage)
	g.GET(config.UnsubscribeRoute, func(e *core.RequestEvent) error {
		return s.Pages.Render(e, http.StatusOK, "unsubscribe", UnsubscribePage{Token: e.Request.URL.Query().Get("token")})
	})
	g.POST(config.UnsubscribeRoute, s.unsubscribe)
	for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete} {
		g.Route(m, config.UnsubscribeRoute, func(e *core.RequestEvent) error {
			e.Response.Header().Set("Allow", "GET, HEAD, POST")
			return apis.NewApiError(http.StatusMethodNotAllowed, "", nil)
		})
	}
}

func (s *Server) unsubscribe(e *core.RequestEvent) error {
	values, err := readOneClickBody(e.Request)
	if err != nil {
		return apis.NewApiError(formStatus(err), "", nil)
	}
	if values[oneClickField] != oneClickValue {
		return apis.NewBadRequestError("", nil)
	}
	tok := e.Request.URL.Query().Get("token")
	if tok == "" {
		tok = values["token"]
	}
	svc, err := announce.FromApp(e.App)
	if err != nil {
		return err
	}
	if err := svc.Unsubscribe(e.App, tok); err != nil && !errors.Is(err, announce.ErrUnknownToken) {
		return err
	}
	return s.Pages.Render(e, http.StatusOK, "unsubscribed", nil)
}

// readOneClickBody reads the POST body RFC 8058 allows: urlencoded (our
// own button, most providers) or multipart/form-data (some providers),
// within the public form limit.
func readOneClickBody(r *http.Request) (map[string]string, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return ReadFormBody(r)
	}
	if r.ContentLength > MaxFormBytes {
		return nil, ErrFormTooLarge
	}
	mr := multipart.NewReader(io.LimitReader(r.Body, MaxFormBytes+1), params["boundary"])
	form, err := mr.ReadForm(MaxFormBytes)
	if err != nil {
		if errors.Is(err, multipart.ErrMessageTooLarge) {
			return nil, ErrFormTooLarge
		}
		return nil, ErrFormEncoding
	}
	defer func() { _ = form.RemoveAll() }()
	out := map[string]string{}
	for k, v := range form.Value {
		if len(v) != 1 {
			return nil, ErrFormDuplicate
		}
		out[k] = v[0]
	}
	return out, nil
}
