// Package announce holds the rules of announcements to members (SPEC §19):
// rendering the Markdown body for mail, choosing the recipients by
// audience, expanding an announcement into outbox rows in batches (exactly
// once per member, across restarts), test sends, cancellation, progress,
// and the RFC 8058 one-click unsubscribe tokens. It is HTTP-free:
// internal/web serves /unsubscribe, hooks/ binds the collection's events
// and runs the [Runner].
package announce

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// Collection is the announcements collection.
const Collection = "announcements"

// MailKind is the outbox kind (and mail template) of every announcement.
const MailKind = "announcement"

// Audiences (announcements.audience).
const (
	// AudienceMembers is every active member: only notices the
	// organisation owes its members under its statutes.
	AudienceMembers = "members"
	// AudienceMarketing is active members who opted in to news.
	AudienceMarketing = "marketing"
)

// Statuses (announcements.status).
const (
	StatusDraft     = "draft"
	StatusTest      = "test"
	StatusScheduled = "scheduled"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusCancelled = "cancelled"
)

// DefaultBatch is how many members one expansion transaction queues.
const DefaultBatch = 500

// Options configure a [Service].
type Options struct {
	// BaseURL makes the unsubscribe links absolute (BASE_URL).
	BaseURL string
	// ListID is the List-Id header's id, e.g. "announcements.members.example.org".
	ListID string
	// Batch is the members queued per transaction (default [DefaultBatch]).
	Batch int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service applies the announcement rules of one app.
type Service struct {
	baseURL string
	listID  string
	batch   int
	now     func() time.Time
}

// New returns a Service.
func New(o Options) *Service {
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{baseURL: strings.TrimRight(o.BaseURL, "/"), listID: o.ListID, batch: o.Batch, now: o.Now}
}

const storeKey = "memberbase.announce"

// Attach makes s the app's announcement service (hooks do it at start-up).
func Attach(app core.App, s *Service) { app.Store().Set(storeKey, s) }

// FromApp returns the service attached to app.
func FromApp(app core.App) (*Service, error) {
	s, ok := app.Store().Get(storeKey).(*Service)
	if !ok || s == nil {
		return nil, errors.New("announce: not attached to this app")
	}
	return s, nil
}

// mailData is what templates/emails/announcement.* receive.
type mailData struct {
	Subject   string
	HTML      template.HTML // the sanitised body (see RenderBody)
	Text      string
	Marketing bool
	// Unsubscribe is the one-click URL of marketing mails ("" otherwise).
	Unsubscribe string
}

// render renders a for one recipient: its subject, parts and headers.
// unsubscribe is the recipient's one-click URL ("" for a members notice).
func (s *Service) render(txApp core.App, a *core.Record, unsubscribe string) (outbox.Rendered, map[string]string, error) {
	ob, err := outbox.FromApp(txApp)
	if err != nil {
		return outbox.Rendered{}, nil, err
	}
	body, err := RenderBody(a.GetString("body"))
	if err != nil {
		return outbox.Rendered{}, nil, err
	}
	marketing := a.GetString("audience") == AudienceMarketing
	r, err := ob.Renderer.Render(MailKind, mailData{Subject: a.GetString("subject"), HTML: template.HTML(body.HTML),
		Text: body.Text, Marketing: marketing, Unsubscribe: unsubscribe})
	if err != nil {
		return outbox.Rendered{}, nil, fmt.Errorf("announce: %w", err)
	}
	h := map[string]string{"Precedence": "bulk"}
	if s.listID != "" {
		h["List-Id"] = "<" + s.listID + ">"
	}
	if marketing && unsubscribe != "" {
		h["List-Unsubscribe"] = "<" + unsubscribe + ">"
		h["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	return r, h, nil
}
