package web

import (
	"errors"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/privacy"
)

// registerPrivacy binds the privacy request routes of the lookup page: the
// member-ID reminder, the data export (request, confirmation, download) and
// the deletion request (request, confirmation).
func (s *Server) registerPrivacy(r *router.RouterGroup[*core.RequestEvent]) {
	s.HandleAction(r, Action{Path: "/privacy/member-id", Page: "lookup", Data: lookupData("member-id"),
		Submit: s.privacyIntake(intake.KindMemberID, "member-id")})
	s.HandleAction(r, Action{Path: "/privacy/details", Page: "lookup", Data: lookupData("details"),
		Submit: s.privacyIntake(intake.KindDetails, "details")})
	s.HandleAction(r, Action{Path: "/privacy/deletion", Page: "lookup", Data: lookupData("deletion"),
		Submit: s.privacyIntake(intake.KindDeletion, "deletion")})
	s.HandleAction(r, Action{Path: "/privacy/confirm", Page: "privacy_confirm",
		Show: s.privacyConfirmPage, Submit: s.privacyConfirm})
	r.GET("/privacy/confirmed", func(e *core.RequestEvent) error {
		return s.Pages.Render(e, http.StatusOK, "privacy_confirmed",
			ConfirmedPage{Deletion: e.Request.URL.Query().Get("kind") == privacy.KindDeletion})
	})
	s.HandleAction(r, Action{Path: "/privacy/download", Page: "privacy_download",
		Show: s.privacyDownloadPage, Submit: s.privacyDownload})
}

func lookupData(form string) func(*core.RequestEvent, *Form) any {
	return func(*core.RequestEvent, *Form) any { return LookupPage{Active: form} }
}

// privacyIntake handles a lookup form: the same work for every valid
// address (one intake row, 303 to /privacy/sent), so neither the answer nor
// its timing tells whether the address belongs to a member. A filled
// honeypot gets the same 303 and stores nothing.
func (s *Server) privacyIntake(kind, form string) func(*core.RequestEvent, *Form) error {
	return func(e *core.RequestEvent, f *Form) error {
		if f.Value("website") != "" {
			return e.Redirect(http.StatusSeeOther, "/privacy/sent")
		}
		email, err := members.NormalizeEmail(f.Value("email"), true)
		if err != nil {
			f.Fail("email", err.Error())
			return s.Invalid(e, "lookup", f, LookupPage{Active: form})
		}
		if err := intake.Submit(e.App, kind, email, nil); err != nil {
			return err
		}
		return e.Redirect(http.StatusSeeOther, "/privacy/sent")
	}
}

// ConfirmPage is the Data of the confirmation page (nil when the page is
// shown again after its CSRF token expired: the token is in the form).
type ConfirmPage struct {
	Kind        string
	MaskedEmail string
}

// privacyConfirmPage shows what a confirmation link confirms, with a
// button; it changes nothing (mail scanners open links).
func (s *Server) privacyConfirmPage(e *core.RequestEvent) error {
	NoReferrer(e)
	svc, err := privacy.FromApp(e.App)
	if err != nil {
		return err
	}
	tok := e.Request.URL.Query().Get("token")
	p, err := svc.Pending(e.App, tok)
	if err != nil {
		return s.privacyError(e, err)
	}
	return s.RenderForm(e, http.StatusOK, "privacy_confirm", NewForm(map[string]string{"token": tok}),
		ConfirmPage{Kind: p.Kind, MaskedEmail: p.MaskedEmail})
}

func (s *Server) privacyConfirm(e *core.RequestEvent, f *Form) error {
	NoReferrer(e)
	svc, err := privacy.FromApp(e.App)
	if err != nil {
		return err
	}
	p, err := svc.Pending(e.App, f.Value("token"))
	if err != nil {
		return s.privacyError(e, err)
	}
	if err := svc.Confirm(e.App, f.Value("token")); err != nil {
		return s.privacyError(e, err)
	}
	if p.Kind == privacy.KindDeletion {
		return e.Redirect(http.StatusSeeOther, "/privacy/confirmed?kind=deletion")
	}
	return e.Redirect(http.StatusSeeOther, "/privacy/confirmed")
}

// ConfirmedPage is the Data of the page after a confirmation.
type ConfirmedPage struct{ Deletion bool }

// DownloadPage is the Data of the download page.
type DownloadPage struct{ ExpiresAt string }

// privacyDownloadPage shows the two download buttons; it changes nothing.
func (s *Server) privacyDownloadPage(e *core.RequestEvent) error {
	NoReferrer(e)
	svc, err := privacy.FromApp(e.App)
	if err != nil {
		return err
	}
	tok := e.Request.URL.Query().Get("token")
	link, err := svc.DownloadLink(e.App, tok)
	if err != nil {
		return s.privacyError(e, err)
	}
	return s.RenderForm(e, http.StatusOK, "privacy_download", NewForm(map[string]string{"token": tok}),
		DownloadPage{ExpiresAt: link.ExpiresAt.UTC().Format("2 January 2006, 15:04 UTC")})
}

// privacyDownload hands out one export file as an attachment, never cached.
func (s *Server) privacyDownload(e *core.RequestEvent, f *Form) error {
	NoReferrer(e)
	svc, err := privacy.FromApp(e.App)
	if err != nil {
		return err
	}
	file, err := svc.Download(e.App, f.Value("token"), f.Value("format"))
	if err != nil {
		return s.privacyError(e, err)
	}
	h := e.Response.Header()
	NoStore(e)
	h.Set("Content-Type", file.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+file.Name+`"`)
	return e.Blob(http.StatusOK, file.ContentType, file.Body)
}

// privacyError answers a link that cannot be used with the 410 page and a
// way back to /lookup; a bad format is a 400; anything else is ours (500).
func (s *Server) privacyError(e *core.RequestEvent, err error) error {
	switch {
	case errors.Is(err, privacy.ErrGone):
		return s.gone(e, "/lookup")
	case errors.Is(err, privacy.ErrFormat):
		return apis.NewBadRequestError("", nil)
	}
	return err
}

// GonePage is the Data of the 410 page of a token link; Title and Message
// replace the generic wording when set.
type GonePage struct{ Back, Title, Message string }

// gone renders the 410 page for a used, expired or unknown link, pointing
// to back to start again; token pages are never cached or referred. The
// error is still returned (the page is written, so nothing renders it
// again): PocketBase's request log keeps failures, its URL redacted.
func (s *Server) gone(e *core.RequestEvent, back string) error {
	return s.goneWith(e, GonePage{Back: back})
}

// goneWith is [Server.gone] with the page's own wording.
func (s *Server) goneWith(e *core.RequestEvent, p GonePage) error {
	NoStore(e)
	NoReferrer(e)
	if err := s.Pages.Render(e, http.StatusGone, "gone", p); err != nil {
		return err
	}
	return apis.NewApiError(http.StatusGone, "", nil)
}
