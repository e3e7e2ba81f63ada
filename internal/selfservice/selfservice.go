// Package selfservice holds the rules of member self-service (SPEC §14):
// the manage link a member asks for at /lookup, the details form, the
// two-step email change and leaving. It is HTTP-free: internal/web parses
// forms and renders pages, hooks/ registers the intake processors. Every
// link answers [ErrGone] for an erased member, and nothing on a request
// path depends on whether an address belongs to a member.
package selfservice

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/members"
)

// Collection names.
const (
	LinksCollection   = "manage_links"
	ChangesCollection = "email_changes"
	membersColl       = "members"
)

// Email change statuses (email_changes.status).
const (
	ChangeMailed    = "mailed"
	ChangeConfirmed = "confirmed"
	ChangeExpired   = "expired"
)

// Mail kinds this package queues (templates/emails/KIND.*).
const (
	MailManageLink    = "manage_link"
	MailEmailConfirm  = "email_change_confirm"
	MailEmailChanged  = "email_changed_notice"
	MailGoodbye       = "goodbye"
	manageLinkTTL     = 24 * time.Hour
	emailChangeTTL    = 24 * time.Hour
	displayTimeLayout = "2 January 2006, 15:04 UTC"
)

// LinkTTL is how long a manage link and an email change link work.
const LinkTTL = manageLinkTTL

// Errors the handlers map to pages.
var (
	// ErrGone is an unknown, malformed, expired, voided or used link, or one
	// whose member was erased: the 410 page, never saying which.
	ErrGone = errors.New("selfservice: link no longer valid")
	// ErrTaken is an email change to an address another member holds,
	// found at confirmation: 410, "this address cannot be used".
	ErrTaken = errors.New("selfservice: address cannot be used")
)

// Options configure a [Service].
type Options struct {
	// PrivacyContact is named in the notice to the old address.
	PrivacyContact string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service applies the self-service rules of one app.
type Service struct {
	// Now is the clock of every rule; tests set it before serving.
	Now     func() time.Time
	contact string
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{Now: o.Now, contact: o.PrivacyContact}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// storeKey holds the app's *Service in app.Store().
const storeKey = "memberbase.selfservice"

// Attach makes s the app's self-service service (hooks do it at start-up).
func Attach(app core.App, s *Service) { app.Store().Set(storeKey, s) }

// FromApp returns the service attached to app.
func FromApp(app core.App) (*Service, error) {
	s, ok := app.Store().Get(storeKey).(*Service)
	if !ok || s == nil {
		return nil, errors.New("selfservice: not attached to this app")
	}
	return s, nil
}

// liveMember returns the member of a token row, or [ErrGone] when it was
// deleted or erased.
func liveMember(app core.App, id string) (*core.Record, error) {
	m, err := app.FindRecordById(membersColl, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrGone
	}
	if err != nil {
		return nil, fmt.Errorf("selfservice: member: %w", err)
	}
	if m.GetString(members.FieldStatus) == members.StatusErased {
		return nil, ErrGone
	}
	return m, nil
}

// dateTime is t as a stored date.
func dateTime(t time.Time) types.DateTime {
	dt, _ := types.ParseDateTime(t.UTC().Truncate(time.Millisecond))
	return dt
}

func displayTime(t time.Time) string { return t.UTC().Format(displayTimeLayout) }
