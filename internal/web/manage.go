package web

import (
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/branches"
	"memberbase/internal/dues"
	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/selfservice"
)

// ManagePage is the Data of the manage page: the member's details, the
// three forms (the one that was posted keeps its values and errors), and
// the notice after a save.
type ManagePage struct {
	Token                                               string
	MemberID, FirstName, LastName, Email, Phone, Status string
	Marketing                                           bool
	// Left: the membership has ended (by the member or an admin), so the
	// page offers rejoining instead of the leave form.
	Left                     bool
	MarketingStatement       string
	Saved                    bool
	Details, NewEmail, Leave *Form
	Reasons                  []LeaveReason
	// Dues is the member's plan and payments standing; nil without a plan.
	Dues *dues.Standing
	// Branch is the name of the member's branch; Branches the choices of
	// the details form (the public ones and the member's own), none when
	// branches are not used.
	Branch   string
	Branches []branches.Offer
	// CardPath opens a current membership card; "" when none can be
	// issued (SPEC §18).
	CardPath string
}

// LeaveReason is one choice of the leave form.
type LeaveReason struct{ Value, Label string }

// leaveReasons label members.LeaveReasons() in form order.
var leaveReasons = []LeaveReason{
	{"moving", "I am moving away"}, {"cost", "It costs too much"},
	{"not_useful", "It is not useful to me"}, {"other", "Another reason"},
}

// EmailChangePage is the Data of the email confirmation page.
type EmailChangePage struct{ OldMasked, NewMasked string }

// LeftPage is the Data of the page after leaving.
type LeftPage struct{ FirstName, MemberID string }

// registerManage binds member self-service (SPEC §14): the fourth lookup
// form, the manage page and its three actions, and the email change's
// confirmation. Every page that carries a token is no-store and
// no-referrer, errors included.
func (s *Server) registerManage(r *router.RouterGroup[*core.RequestEvent]) {
	s.HandleAction(r, Action{Path: "/privacy/manage", Page: "lookup", Data: lookupData("manage"),
		Submit: s.privacyIntake(intake.KindManage, "manage")})
	tokens := r.Group("")
	tokens.BindFunc(tokenPage)
	s.HandleAction(tokens, Action{Path: "/manage", Page: "manage", Show: s.manageShow, Data: s.manageData, Submit: s.manageSubmit})
	s.HandleAction(tokens, Action{Path: "/manage/email", Page: "manage_email", Show: s.emailChangeShow, Submit: s.emailChangeSubmit})
	r.GET("/manage/email-sent", func(e *core.RequestEvent) error {
		return s.Pages.Render(e, http.StatusOK, "manage_email_sent", nil)
	})
}

// managePage builds the page of an open link; forms not given start from
// the member's stored values.
func (s *Server) managePage(e *core.RequestEvent, plain string) (*ManagePage, error) {
	svc, err := selfservice.FromApp(e.App)
	if err != nil {
		return nil, err
	}
	l, err := svc.Open(e.App, plain)
	if err != nil {
		return nil, err
	}
	m := l.Member
	p := &ManagePage{Token: plain, MemberID: m.GetString(members.FieldMemberID),
		FirstName: m.GetString(members.FieldFirstName), LastName: m.GetString(members.FieldLastName),
		Email: m.GetString(members.FieldEmail), Phone: m.GetString(members.FieldPhone),
		Status: m.GetString(members.FieldStatus), Marketing: m.GetBool(members.FieldMarketingOptIn),
		Reasons: leaveReasons}
	p.Left = p.Status == members.StatusCancelled
	if c, err := s.Consent.Current(e.App); err == nil {
		p.MarketingStatement = c.MarketingStatement
	}
	if p.Dues, err = dues.StandingOf(e.App, m); err != nil {
		return nil, err
	}
	p.Branches = s.Branches.Current(e.App)
	if p.CardPath, err = cardPath(e.App, m); err != nil {
		return nil, err
	}
	details := map[string]string{"first_name": p.FirstName, "last_name": p.LastName, "phone": p.Phone}
	if id := m.GetString(members.FieldBranch); id != "" {
		if b, err := e.App.FindRecordById(branches.Collection, id); err == nil {
			p.Branch = b.GetString("name")
			if _, ok := branches.Find(p.Branches, id); !ok {
				p.Branches = append([]branches.Offer{{ID: id, Name: p.Branch}}, p.Branches...)
			}
			details["branch"] = id
		}
	}
	if p.Marketing {
		details["marketing_opt_in"] = "yes"
	}
	p.Details, p.NewEmail, p.Leave = NewForm(details), NewForm(nil), NewForm(nil)
	return p, nil
}

// manageShow is what a mailed link opens: the details and the forms; it
// changes nothing.
func (s *Server) manageShow(e *core.RequestEvent) error {
	p, err := s.managePage(e, e.Request.URL.Query().Get("token"))
	if err != nil {
		return s.selfServiceError(e, err)
	}
	return s.RenderForm(e, http.StatusOK, "manage", nil, p)
}

// manageData rebuilds the page from the posted token when the CSRF token
// expired, keeping what was typed in the posted form.
func (s *Server) manageData(e *core.RequestEvent, f *Form) any {
	p, err := s.managePage(e, f.Value("token"))
	if err != nil {
		return &ManagePage{Reasons: leaveReasons, Details: NewForm(nil), NewEmail: NewForm(nil), Leave: NewForm(nil)}
	}
	p.put(f)
	return p
}

// put makes f the form of its action on the page.
func (p *ManagePage) put(f *Form) {
	switch f.Value("action") {
	case "details":
		p.Details = f
	case "email":
		p.NewEmail = f
	case "leave":
		p.Leave = f
	}
}

// manageSubmit runs one of the page's three actions.
func (s *Server) manageSubmit(e *core.RequestEvent, f *Form) error {
	svc, err := selfservice.FromApp(e.App)
	if err != nil {
		return err
	}
	plain := f.Value("token")
	switch f.Value("action") {
	case "details":
		d := selfservice.Details{FirstName: f.Value("first_name"), LastName: f.Value("last_name"),
			Phone: f.Value("phone"), MarketingOptIn: f.Checked("marketing_opt_in"),
			SetBranch: f.Value("branch_shown") != "", Branch: f.Value("branch")}
		if c, err := s.Consent.Current(e.App); err == nil && d.MarketingOptIn {
			d.MarketingVersion = c.Version
		}
		_, err := svc.UpdateDetails(e.App, plain, d)
		if err != nil {
			return s.manageFailed(e, f, err)
		}
		p, err := s.managePage(e, plain)
		if err != nil {
			return s.selfServiceError(e, err)
		}
		p.Saved = true
		return s.RenderForm(e, http.StatusOK, "manage", nil, p)
	case "email":
		addr, verr := members.NormalizeEmail(f.Value("new_email"), true)
		if verr != nil {
			return s.manageFailed(e, f, validation.Errors{"new_email": verr})
		}
		if err := svc.RequestEmailChange(e.App, plain, addr); err != nil {
			return s.manageFailed(e, f, err)
		}
		return e.Redirect(http.StatusSeeOther, "/manage/email-sent")
	case "leave":
		m, err := svc.LeaveMembership(e.App, plain, selfservice.Leave{Reason: f.Value("leave_reason"),
			Note: f.Value("leave_note"), Confirmed: f.Checked("confirm")})
		if err != nil {
			return s.manageFailed(e, f, err)
		}
		return s.Pages.Render(e, http.StatusOK, "manage_left", LeftPage{FirstName: m.GetString(members.FieldFirstName),
			MemberID: m.GetString(members.FieldMemberID)})
	}
	return apis.NewBadRequestError("", nil)
}

// manageFailed shows the page again with the posted form's errors (422), or
// answers a dead link.
func (s *Server) manageFailed(e *core.RequestEvent, f *Form, err error) error {
	var errs validation.Errors
	if !errors.As(err, &errs) {
		return s.selfServiceError(e, err)
	}
	for _, name := range []string{"first_name", "last_name", "phone", "branch", "new_email", "leave_reason", "leave_note", "confirm"} {
		if fe, ok := errs[name]; ok {
			f.Fail(name, fieldMessage(name, fe))
		}
	}
	p, perr := s.managePage(e, f.Value("token"))
	if perr != nil {
		return s.selfServiceError(e, perr)
	}
	p.put(f)
	return s.Invalid(e, "manage", nil, p)
}

// emailChangeShow is what the link mailed to the new address opens: both
// addresses masked and a button; it changes nothing.
func (s *Server) emailChangeShow(e *core.RequestEvent) error {
	svc, err := selfservice.FromApp(e.App)
	if err != nil {
		return err
	}
	plain := e.Request.URL.Query().Get("token")
	p, err := svc.PendingEmailChange(e.App, plain)
	if err != nil {
		return s.selfServiceError(e, err)
	}
	return s.RenderForm(e, http.StatusOK, "manage_email", NewForm(map[string]string{"token": plain}),
		EmailChangePage{OldMasked: p.OldMasked, NewMasked: p.NewMasked})
}

func (s *Server) emailChangeSubmit(e *core.RequestEvent, f *Form) error {
	svc, err := selfservice.FromApp(e.App)
	if err != nil {
		return err
	}
	if err := svc.ConfirmEmailChange(e.App, f.Value("token")); err != nil {
		return s.selfServiceError(e, err)
	}
	return s.Pages.Render(e, http.StatusOK, "manage_email_done", nil)
}

// selfServiceError answers a link that cannot be used (410, with a way back
// to /lookup) and an address that cannot be used (410, saying so).
func (s *Server) selfServiceError(e *core.RequestEvent, err error) error {
	switch {
	case errors.Is(err, selfservice.ErrGone):
		return s.gone(e, "/lookup")
	case errors.Is(err, selfservice.ErrTaken):
		return s.goneWith(e, GonePage{Back: "/lookup", Title: "This address cannot be used",
			Message: "The new address cannot be used for your membership. Your address was not changed."})
	}
	return err
}
