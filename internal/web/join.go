package web

import (
	"errors"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/branches"
	"memberbase/internal/dues"
	"memberbase/internal/join"
	"memberbase/internal/members"
)

// JoinPage is the Data of the join form: the consent text it shows and the
// plans and public branches it offers (none when dues or branches are not
// used: no plan or branch field at all).
type JoinPage struct {
	Consent  ConsentText
	Plans    []dues.Offer
	Branches []branches.Offer
}

// BlankKey is everything the blank join form shows besides the token and
// request ID, as one comparable value: without it the slices kept every
// join form out of the blank-form cache, and each GET /join ran the
// whole template.
func (p JoinPage) BlankKey() any {
	var plans, branches strings.Builder
	for _, o := range p.Plans {
		plans.WriteString(o.ID + "\x00" + o.Name + "\x00" + o.Fee + "\x00" + o.Period + "\x01")
	}
	for _, o := range p.Branches {
		branches.WriteString(o.ID + "\x00" + o.Name + "\x01")
	}
	return struct {
		Consent         ConsentText
		Plans, Branches string
	}{p.Consent, plans.String(), branches.String()}
}

// JoinConfirmPage is the Data of the confirmation page a mailed link opens.
type JoinConfirmPage struct{ FirstName, Token string }

// JoinDonePage is the Data of the page after a confirmation.
type JoinDonePage struct {
	FirstName, MemberID string
	Approval            bool
}

// joinFields are the join form's person fields in form order, so errors are
// listed in the order a person meets the fields.
var joinFields = []string{"first_name", "last_name", "email", "phone"}

// requiredMessages name what is missing (a summary of three "This field is
// required." would not say which).
var requiredMessages = map[string]string{
	"first_name": "Enter your first name.",
	"last_name":  "Enter your last name.",
	"email":      "Enter your email address.",
}

// registerJoin binds the join form, the confirmation page and its action,
// and the privacy notice the form links to.
// The confirmation routes carry a token: no-store and no-referrer on every
// answer, errors included.
func (s *Server) registerJoin(r *router.RouterGroup[*core.RequestEvent]) {
	s.HandleAction(r, Action{Path: "/join", Page: "join", Show: s.joinForm, Data: s.joinData, Submit: s.joinSubmit})
	tokens := r.Group("")
	tokens.BindFunc(tokenPage)
	s.HandleAction(tokens, Action{Path: "/join/confirm", Page: "join_confirm", Show: s.joinConfirmShow, Data: s.joinConfirmData, Submit: s.joinConfirmSubmit})
	s.registerPrivacyNotice(r)
}

// tokenPage marks a page that carries a token (SPEC §6, Tokens).
func tokenPage(e *core.RequestEvent) error {
	NoStore(e)
	NoReferrer(e)
	return e.Next()
}

func (s *Server) joinPage(e *core.RequestEvent) (JoinPage, error) {
	c, err := s.Consent.Current(e.App)
	return JoinPage{Consent: c, Plans: s.Plans.Current(e.App), Branches: s.Branches.Current(e.App)}, err
}

func (s *Server) joinData(e *core.RequestEvent, _ *Form) any {
	p, _ := s.joinPage(e)
	return p
}

func (s *Server) joinForm(e *core.RequestEvent) error {
	p, err := s.joinPage(e)
	if err != nil {
		return err
	}
	return s.RenderForm(e, http.StatusOK, "join", nil, p)
}

// joinSubmit validates and submits one intake row: the same work and the
// same answer for every address. Whether it belongs to a member is decided
// by the intake worker, never here.
func (s *Server) joinSubmit(e *core.RequestEvent, f *Form) error {
	if f.Value("website") != "" {
		return e.Redirect(http.StatusSeeOther, "/join/sent") // a bot: nothing stored
	}
	p, err := s.joinPage(e)
	if err != nil {
		return err
	}
	j, err := join.FromApp(e.App)
	if err != nil {
		return err
	}
	req := join.Request{
		FirstName: f.Value("first_name"), LastName: f.Value("last_name"),
		Email: f.Value("email"), Phone: f.Value("phone"),
		// Only a box that was shown can have been ticked.
		MarketingOptIn: f.Checked("marketing_opt_in") && p.Consent.MarketingStatement != "",
		ConsentVersion: p.Consent.Version, ConsentAt: j.Now(),
	}
	errs := req.Normalize()
	for _, name := range joinFields {
		if err, ok := errs[name]; ok {
			f.Fail(name, fieldMessage(name, err))
		}
	}
	if len(p.Plans) > 0 {
		if o, ok := findOffer(p.Plans, f.Value("plan")); ok {
			req.Plan = o.ID
		} else {
			f.Set("plan", "")
			f.Fail("plan", "Choose a membership plan.")
		}
	}
	// The branch is optional: a person may not know theirs.
	if b := f.Value("branch"); b != "" {
		if o, ok := branches.Find(p.Branches, b); ok {
			req.Branch = o.ID
		} else {
			f.Set("branch", "")
			f.Fail("branch", "Choose a branch from the list, or leave it empty.")
		}
	}
	switch {
	case !f.Checked("consent"):
		f.Fail("consent", "Tick this box to confirm you accept the membership terms and have read the privacy notice.")
	case f.Value("consent_version") != p.Consent.Version:
		// The statement changed since the page was shown: what is stored
		// must be what the person read.
		f.Set("consent", "")
		f.Fail("consent", "The membership terms were updated while the form was open. Please read them again and tick the box.")
	}
	if !f.Valid() {
		return s.Invalid(e, "join", f, p)
	}
	if err := join.Submit(e.App, req); err != nil {
		return err
	}
	return e.Redirect(http.StatusSeeOther, "/join/sent")
}

// fieldMessage is the message of a validation error, naming the field when
// it is simply missing.
func fieldMessage(name string, err error) string {
	var ve validation.Error
	if errors.As(err, &ve) && ve.Code() == members.ErrRequired.Code() {
		if m, ok := requiredMessages[name]; ok {
			return m
		}
	}
	return err.Error()
}

// joinConfirmShow is what a mailed link opens: the first name and a button,
// nothing else (mail scanners open links; only the POST acts).
func (s *Server) joinConfirmShow(e *core.RequestEvent) error {
	j, err := join.FromApp(e.App)
	if err != nil {
		return err
	}
	plain := e.Request.URL.Query().Get("token")
	p, err := j.Lookup(e.App, plain)
	if errors.Is(err, join.ErrGone) {
		return s.joinGone(e)
	}
	if err != nil {
		return err
	}
	return s.RenderForm(e, http.StatusOK, "join_confirm", nil, JoinConfirmPage{FirstName: p.FirstName, Token: plain})
}

// joinConfirmData rebuilds the page from the posted token when the form's
// CSRF token expired.
func (s *Server) joinConfirmData(e *core.RequestEvent, f *Form) any {
	page := JoinConfirmPage{Token: f.Value("token")}
	if j, err := join.FromApp(e.App); err == nil {
		if p, err := j.Lookup(e.App, page.Token); err == nil {
			page.FirstName = p.FirstName
		}
	}
	return page
}

func (s *Server) joinConfirmSubmit(e *core.RequestEvent, f *Form) error {
	j, err := join.FromApp(e.App)
	if err != nil {
		return err
	}
	res, err := j.Confirm(e.App, f.Value("token"))
	if errors.Is(err, join.ErrGone) {
		return s.joinGone(e)
	}
	if err != nil {
		return err
	}
	return s.Pages.Render(e, http.StatusOK, "join_done", JoinDonePage{FirstName: res.FirstName, MemberID: res.MemberID, Approval: res.Approval})
}

// joinGone is the 410 page of a used, expired or unknown link, with a way
// to start again. It is written here (it says more than the generic 410
// page) and still returned as an error, so PocketBase's request log keeps
// it like every other 4xx (with the token redacted).
func (s *Server) joinGone(e *core.RequestEvent) error {
	if err := s.Pages.Render(e, http.StatusGone, "join_gone", nil); err != nil {
		return err
	}
	return apis.NewApiError(http.StatusGone, "join link used, expired or unknown", nil)
}
