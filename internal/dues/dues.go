// Package dues holds the rules of membership plans, periods and payments
// (SPEC §15): period arithmetic, the first period of a new member, payments
// paying the oldest due period, the recompute of paid_through and period
// status on every change, the daily lifecycle job with its mails, and what
// erasure and FINANCE_RETENTION do to payments. It is HTTP-free: hooks/
// binds it to record events, internal/web renders what it returns. Dues are
// optional: a member without a plan is never touched.
package dues

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Collection and field names (part of the public contract).
const (
	Plans    = "plans"
	Periods  = "periods"
	Payments = "payments"
	Members  = "members"

	FieldPlan        = "plan"
	FieldPaidThrough = "paid_through"
)

// Period statuses (periods.status).
const (
	PeriodDue    = "due"
	PeriodPaid   = "paid"
	PeriodWaived = "waived"
	PeriodVoid   = "void"
)

// Payment statuses (payments.status).
const (
	PaymentMatched   = "matched"
	PaymentUnmatched = "unmatched"
	PaymentIgnored   = "ignored"
)

// Mail kinds the lifecycle queues (templates/emails/KIND.*).
const (
	MailRenewalDue      = "renewal_due"
	MailRenewalReminder = "renewal_reminder"
	MailLapsed          = "lapsed"
)

// Options configure a [Service].
type Options struct {
	// Currency is the default currency of new plans (CURRENCY).
	Currency string
	// NoticeDays is RENEWAL_NOTICE_DAYS.
	NoticeDays int
	// FinanceRetention is FINANCE_RETENTION: 0 clears payer and reference
	// at erasure.
	FinanceRetention time.Duration
	// Now is the clock (default time.Now); tests inject their own.
	Now func() time.Time
}

// Service applies the dues rules of one app.
type Service struct {
	opts Options
	// perRecord makes the lifecycle job save each period and mail through
	// PocketBase instead of collecting them ([writes]): the tests compare
	// both ways.
	perRecord bool
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Currency == "" {
		o.Currency = "EUR"
	}
	if o.NoticeDays <= 0 {
		o.NoticeDays = 30
	}
	return &Service{opts: o}
}

// Today is the service clock's date (UTC).
func (s *Service) Today() time.Time { return Day(s.opts.Now()) }

// SetClock replaces the clock (tests move time forward between runs).
func (s *Service) SetClock(now func() time.Time) { s.opts.Now = now }

// storeKey holds the app's *Service in app.Store().
const storeKey = "memberbase.dues"

// Attach makes s the app's dues service (hooks do it at start-up).
func Attach(app core.App, s *Service) { app.Store().Set(storeKey, s) }

// FromApp returns the service attached to app.
func FromApp(app core.App) (*Service, error) {
	s, ok := app.Store().Get(storeKey).(*Service)
	if !ok || s == nil {
		return nil, errors.New("dues: not attached to this app")
	}
	return s, nil
}

// innerKey marks the saves the rules make themselves, so the hooks that
// recompute after a change do not run again for each of them.
type innerKey struct{}

// inner returns ctx marked as a save made by these rules.
func inner(ctx context.Context) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, innerKey{}, true)
}

// IsInner reports whether ctx belongs to a save made by these rules.
func IsInner(ctx context.Context) bool {
	v, _ := ctx.Value(innerKey{}).(bool)
	return ctx != nil && v
}

// date is t's day as a stored date.
func date(t time.Time) types.DateTime {
	dt, _ := types.ParseDateTime(Day(t))
	return dt
}

// dayOf returns a record's date field as a day, and false when empty.
func dayOf(r *core.Record, field string) (time.Time, bool) {
	dt := r.GetDateTime(field)
	if dt.IsZero() {
		return time.Time{}, false
	}
	return Day(dt.Time()), true
}

// termsOf reads a plan record's period terms.
func termsOf(plan *core.Record) Terms {
	return Terms{Kind: plan.GetString("kind"), Months: plan.GetInt("months"), RenewsOn: plan.GetString("renews_on")}
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("dues: %s: %w", what, err)
}
