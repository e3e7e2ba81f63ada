// Package join holds the rules of joining (SPEC §6, §13): the join request
// the intake worker opens for an address that is not a current member, the
// confirmation that creates or reactivates the member in one transaction, the
// daily expiry of unconfirmed requests, the mail on an admin's approval, and
// the rule that published consent texts never change. It is HTTP-free:
// internal/web parses forms and renders pages, hooks/ wires the events.
package join

import (
	"errors"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Collection is the join requests' collection.
const Collection = "join_requests"

// Join request statuses (join_requests.status).
const (
	StatusMailed    = "mailed"
	StatusConfirmed = "confirmed"
	StatusExpired   = "expired"
)

// Retention of join requests (SPEC §4): a link works for TTL; the request,
// whatever became of it, is deleted PurgeAfter its expiry.
const (
	TTL        = 24 * time.Hour
	PurgeAfter = 7 * 24 * time.Hour
)

// Mail kinds this package queues (templates/emails/KIND.*).
const (
	MailConfirm  = "join_confirm"
	MailAlready  = "already_member"
	MailWelcome  = "welcome"
	MailApproved = "membership_approved"
)

// Names this package reads from other collections.
const (
	membersColl   = "members"
	consentsColl  = "consent_texts"
	publishedAtFd = "published_at"
)

// Options configure a [Service].
type Options struct {
	// RequireApproval leaves confirmed joins pending_approval for an admin
	// (JOIN_REQUIRES_APPROVAL).
	RequireApproval bool
	// Now is the clock (default time.Now); tests move it with SetClock.
	Now func() time.Time
	// OnConfirmed runs in the confirmation's transaction after the member
	// is saved and welcomed, with the request's id (the card mail).
	OnConfirmed func(tx core.App, member *core.Record, requestID string) error
}

// Service applies the join rules of one app. Its methods are safe for
// concurrent use by request handlers and the intake worker.
type Service struct {
	requireApproval bool
	onConfirmed     func(tx core.App, member *core.Record, requestID string) error
	mu              sync.RWMutex
	now             func() time.Time
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{requireApproval: o.RequireApproval, onConfirmed: o.OnConfirmed, now: o.Now}
}

// Now is the service's clock.
func (s *Service) Now() time.Time {
	s.mu.RLock()
	f := s.now
	s.mu.RUnlock()
	return f()
}

// SetClock replaces the clock (tests: expiry without waiting a day).
func (s *Service) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

// storeKey holds the app's *Service in app.Store().
const storeKey = "memberbase.join"

// Attach makes s the app's join service (hooks do it at start-up).
func Attach(app core.App, s *Service) { app.Store().Set(storeKey, s) }

// FromApp returns the join service attached to app.
func FromApp(app core.App) (*Service, error) {
	s, ok := app.Store().Get(storeKey).(*Service)
	if !ok || s == nil {
		return nil, errors.New("join: not attached to this app")
	}
	return s, nil
}

// dateTime converts t for a date field.
func dateTime(t time.Time) types.DateTime {
	dt, _ := types.ParseDateTime(t.UTC())
	return dt
}

// dbTime formats t the way date fields are stored, for SQL comparisons.
func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }
