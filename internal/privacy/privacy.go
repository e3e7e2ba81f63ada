// Package privacy holds the rules of the privacy requests a member makes
// from /lookup: the member-ID reminder, the data export (confirmation,
// export files, download link) and the state machine every request follows,
// with its audit trail in privacy_events. It is HTTP-free: handlers in
// internal/web parse forms and call it; hooks bind its guards and
// processors.
package privacy

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Collection names.
const (
	Collection       = "privacy_requests"
	EventsCollection = "privacy_events"
	membersTable     = "members"
)

// Request kinds (privacy_requests.kind).
const (
	KindDetails  = "details"
	KindDeletion = "deletion"
)

// Request statuses (privacy_requests.status; pb_migrations.PrivacyStatuses).
const (
	StatusAwaiting  = "awaiting_confirmation"
	StatusConfirmed = "confirmed"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusCompleted = "completed"
	StatusExpired   = "expired"
)

// Mail kinds queued by this package (templates/emails/KIND.*).
const (
	MailMemberID       = "member_id"
	MailDetailsConfirm = "details_confirm"
	MailDetailsReady   = "details_ready"
)

// Lifetimes of the links we mail.
const (
	ConfirmTTL  = 24 * time.Hour // confirmation links: single use
	DownloadTTL = 72 * time.Hour // download links: repeatable until then
)

// ErrGone is returned for a token that is unknown, malformed, used or
// expired, or whose member was erased meanwhile. Callers answer 410 and
// never say which.
var ErrGone = errors.New("privacy: link no longer valid")

// Service carries what the flows need beyond the app: the organisation's
// name, the parsed HTML summary template of the export and the clock.
type Service struct {
	// Now is the clock of every rule (token lifetimes, expiry); tests set
	// it before serving. Default time.Now.
	Now     func() time.Time
	org     string
	summary *htmltemplate.Template
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// New parses exports/summary.html from fsys (the templates FS).
func New(fsys fs.FS, org string) (*Service, error) {
	t, err := htmltemplate.New("summary.html").Funcs(htmltemplate.FuncMap{"show": display}).
		Option("missingkey=error").ParseFS(fsys, "exports/summary.html")
	if err != nil {
		return nil, fmt.Errorf("privacy: summary template: %w", err)
	}
	return &Service{Now: time.Now, org: org, summary: t}, nil
}

// storeKey holds the app's *Service in app.Store().
const storeKey = "memberbase.privacy"

// Attach makes s the app's privacy service (hooks do it at start-up).
func Attach(app core.App, s *Service) { app.Store().Set(storeKey, s) }

// FromApp returns the privacy service attached to app (a transaction's
// txApp shares its parent's store).
func FromApp(app core.App) (*Service, error) {
	s, ok := app.Store().Get(storeKey).(*Service)
	if !ok || s == nil {
		return nil, errors.New("privacy: not attached to this app")
	}
	return s, nil
}
