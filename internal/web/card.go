package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/card"
)

// CardKeysPath is the public key set door apps fetch (SPEC §18).
const CardKeysPath = "/.well-known/memberbase-card-keys.json"

// CardPage is the Data of the card page.
type CardPage struct {
	Name, MemberID, Plan, ValidUntil string
	Pending                          bool
	QR                               template.HTML
}

// VerifyPage is the Data of a successful verification: name and member ID
// only.
type VerifyPage struct {
	Name, MemberID string
	Pending        bool
}

// registerCard binds the card, its verification and the public keys. Both
// pages carry a token in their URL: no-store and no-referrer, the neutral
// page included.
func (s *Server) registerCard(r *router.RouterGroup[*core.RequestEvent]) {
	tokens := r.Group("")
	tokens.BindFunc(tokenPage)
	tokens.GET("/card", s.cardShow)
	tokens.GET("/verify", s.cardVerify)
	r.GET(CardKeysPath, cardKeys)
}

// cardShow renders the card of a valid card token, with a QR of a fresh
// ten-minute verify token; anything else gets the neutral page.
func (s *Server) cardShow(e *core.RequestEvent) error {
	svc, err := card.FromApp(e.App)
	if err != nil {
		return err
	}
	cl, m, err := svc.Check(e.Request.Context(), e.App, e.Request.URL.Query().Get("c"), card.UseCard)
	if err != nil {
		return s.cardInvalid(e, err)
	}
	cl.Name, cl.MemberID = strings.TrimSpace(m.GetString("first_name")+" "+m.GetString("last_name")), m.GetString("member_id")
	short, err := svc.Keys.VerifyToken(cl)
	if err != nil {
		return err
	}
	qr, err := card.QRSVG(s.VerifyURL(short))
	if err != nil {
		return err
	}
	return s.Pages.Render(e, http.StatusOK, "card", CardPage{Name: cl.Name, MemberID: cl.MemberID, Plan: cl.Plan,
		ValidUntil: card.ValidUntil(cl), Pending: m.GetString("status") == card.StatusPending, QR: qr})
}

// VerifyURL is the address a card's QR encodes.
func (s *Server) VerifyURL(short string) string {
	return strings.TrimRight(s.Config.BaseURL, "/") + "/verify?c=" + url.QueryEscape(short)
}

// cardVerify answers a scanned QR: valid with name and member ID, or the
// neutral page, the same for forged, expired, lapsed, cancelled and erased.
func (s *Server) cardVerify(e *core.RequestEvent) error {
	svc, err := card.FromApp(e.App)
	if err != nil {
		return err
	}
	_, m, err := svc.Check(e.Request.Context(), e.App, e.Request.URL.Query().Get("c"), card.UseVerify)
	if err != nil {
		return s.cardInvalid(e, err)
	}
	return s.Pages.Render(e, http.StatusOK, "card_verify", VerifyPage{
		Name:     strings.TrimSpace(m.GetString("first_name") + " " + m.GetString("last_name")),
		MemberID: m.GetString("member_id"), Pending: m.GetString("status") == card.StatusPending})
}

// cardPath returns the path of a fresh card of m, or "" when none can be
// issued.
func cardPath(app core.App, m *core.Record) (string, error) {
	svc, err := card.FromApp(app)
	if err != nil {
		return "", err
	}
	c, ok, err := svc.Issue(app, m)
	if err != nil || !ok {
		return "", err
	}
	return "/card?c=" + url.QueryEscape(c.Token), nil
}

// cardInvalid is the one neutral answer (404); a failure that is not a
// refused token (the database) stays an error.
func (s *Server) cardInvalid(e *core.RequestEvent, err error) error {
	if !errors.Is(err, card.ErrInvalid) {
		return err
	}
	return s.Pages.Render(e, http.StatusNotFound, "card_invalid", nil)
}

// cardKeys serves the JWKS of every key that verifies cards, cacheable for
// an hour (a rotation reaches door apps within it).
func cardKeys(e *core.RequestEvent) error {
	svc, err := card.FromApp(e.App)
	if err != nil {
		return err
	}
	body, err := svc.Keys.JWKS()
	if err != nil {
		return err
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Content-Type", "application/jwk-set+json")
	e.Response.WriteHeader(http.StatusOK)
	_, err = e.Response.Write(body)
	return err
}
