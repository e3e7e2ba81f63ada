package dues

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// ErrWrongMember is a payment naming a period of another member.
var ErrWrongMember = errors.New("the period belongs to another member")

// PreparePayment decides, before a payment is stored (in its transaction),
// what it pays: the period it names, or else its member's oldest due
// period. A lapsed member on a plan without arrears gets a new period from
// the payment date instead, and the stale due periods become void. A
// payment with a member is matched, one without is unmatched (an admin
// assigns it later), one marked ignored stays ignored. The currency
// defaults to the period's, else CURRENCY.
//
// A payment larger than what is still owed on the period the server chose
// is cut down to that, and the rest is returned as a new payment for the
// caller to save after pay (through the hooks, so it pays the next due
// period, or else stays as credit). A period the client named keeps the
// whole payment: the client said what it pays.
func (s *Service) PreparePayment(ctx context.Context, app core.App, pay *core.Record) (prep Prepared, err error) {
	if pay.GetString("status") == PaymentIgnored && pay.GetString("member") == "" && pay.GetString("period") == "" {
		s.defaultCurrency(pay, nil)
		return prep, nil
	}
	var period *core.Record
	if id := pay.GetString("period"); id != "" {
		p, err := app.FindRecordById(Periods, id)
		if err != nil {
			return prep, wrap("period of payment", err)
		}
		if m := pay.GetString("member"); m != "" && m != p.GetString("member") {
			return prep, ErrWrongMember
		}
		pay.Set("member", p.GetString("member"))
		period = p
	} else if id := pay.GetString("member"); id != "" {
		m, err := app.FindRecordById(Members, id)
		if err != nil {
			return prep, wrap("member of payment", err)
		}
		received, _ := dayOf(pay, "received_on")
		if period, prep.periods, err = s.periodToPay(ctx, app, m, received); err != nil {
			return prep, err
		}
		prep.member = m
		if period != nil {
			pay.Set("period", period.Id)
			if prep.Rest, err = s.surplus(app, pay, period); err != nil {
				return prep, err
			}
		}
	}
	if pay.GetString("member") == "" {
		pay.Set("status", PaymentUnmatched)
	} else {
		pay.Set("status", PaymentMatched)
	}
	s.defaultCurrency(pay, period)
	if pay.GetString("member") != "" && period == nil {
		tallyCredit(ctx, pay)
	}
	return prep, nil
}

// Prepared is what [Service.PreparePayment] decided about a payment.
type Prepared struct {
	// Rest is the surplus of a payment larger than its period still
	// needed: the caller saves it after the payment, through the hooks.
	Rest *core.Record
	// member and periods, as PreparePayment read them, spare
	// [Service.AfterPayment] reading them again in the same transaction
	// (periods is nil when they changed meanwhile).
	member  *core.Record
	periods []*core.Record
}

// surplus splits off what pay brings beyond the amount still owed on the
// period the server chose for it (same currency only: another currency
// does not pay the period at all), and returns nil when nothing is left.
func (s *Service) surplus(app core.App, pay, period *core.Record) (*core.Record, error) {
	s.defaultCurrency(pay, period)
	if pay.GetString("currency") != period.GetString("currency") {
		return nil, nil
	}
	due, err := owed(app, period)
	if err != nil {
		return nil, err
	}
	return splitSurplus(pay, due), nil
}

// splitSurplus splits off what pay brings beyond due, what is still owed
// on its period, or returns nil when it brings no more.
func splitSurplus(pay *core.Record, due int) *core.Record {
	if due <= 0 || pay.GetInt("amount") <= due {
		return nil
	}
	return splitOff(pay, due)
}

func (s *Service) defaultCurrency(pay, period *core.Record) {
	if pay.GetString("currency") != "" {
		return
	}
	if period != nil {
		pay.Set("currency", period.GetString("currency"))
		return
	}
	pay.Set("currency", s.opts.Currency)
}

// periodToPay returns the period a payment of member received on the given
// day pays, or nil (no plan and nothing due), and the member's periods
// when they are still as read (nil after a fresh start changed them).
func (s *Service) periodToPay(ctx context.Context, app core.App, m *core.Record, received time.Time) (*core.Record, []*core.Record, error) {
	ps, err := PeriodsOf(app, m.Id)
	if err != nil {
		return nil, nil, err
	}
	due := oldestDue(ps)
	if m.GetString("status") != "lapsed" || m.GetString(FieldPlan) == "" {
		return due, ps, nil
	}
	plan, err := app.FindRecordById(Plans, m.GetString(FieldPlan))
	if err != nil {
		return nil, nil, wrap("plan of member", err)
	}
	if plan.GetBool("arrears") && due != nil {
		return due, ps, nil
	}
	// A fresh start: the stale due periods stay in the history as void, and
	// the gap between them and the new period shows the lapse.
	for _, p := range ps {
		if p.GetString("status") == PeriodDue {
			p.Set("status", PeriodVoid)
			if err := app.SaveWithContext(inner(ctx), p); err != nil {
				return nil, nil, wrap("void stale period", err)
			}
		}
	}
	if received.IsZero() {
		received = s.Today()
	}
	p, err := s.newPeriod(ctx, app, m, plan, received)
	return p, nil, err
}

// AfterPayment recomputes the members a payment change touched (the new
// one, and the old one when an admin moved the payment); prep is what
// PreparePayment returned for this change (zero when it did not run).
func (s *Service) AfterPayment(ctx context.Context, app core.App, pay *core.Record, prep Prepared) error {
	ids := []string{pay.GetString("member")}
	if o := pay.Original(); o != nil && o.Id != "" && o.GetString("member") != ids[0] {
		ids = append(ids, o.GetString("member"))
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		if prep.member != nil && prep.periods != nil && prep.member.Id == id {
			if err := s.recompute(ctx, app, prep.member, prep.periods); err != nil {
				return err
			}
			continue
		}
		m, err := app.FindRecordById(Members, id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // the member is being deleted: its periods go with it
		}
		if err != nil {
			return wrap("member of payment", err)
		}
		if err := s.Recompute(ctx, app, m); err != nil {
			return err
		}
	}
	return nil
}

// NeedsMatching reports whether an updated payment was just assigned: it
// was not matched and now names a member or a period.
func NeedsMatching(pay *core.Record) bool {
	o := pay.Original()
	if o.GetString("status") == PaymentMatched {
		return false
	}
	return pay.GetString("member") != o.GetString("member") || pay.GetString("period") != o.GetString("period")
}

// CheckClientPaymentUpdate refuses a REST client's status change that the
// server decides: matched comes from naming a member or period, and a
// matched payment is not parked as unmatched or ignored (void the period
// instead, or correct it as a superuser in the dashboard).
func CheckClientPaymentUpdate(pay *core.Record) error {
	from, to := pay.Original().GetString("status"), pay.GetString("status")
	switch {
	case from == to:
		return nil
	case to == PaymentMatched && pay.GetString("member") == "" && pay.GetString("period") == "":
		return errors.New("a payment becomes matched when you give it a member or a period")
	case from == PaymentMatched:
		return errors.New("a matched payment stays matched")
	}
	return nil
}
