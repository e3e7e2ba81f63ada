package dues

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Recompute brings a member's periods and paid_through in line with its
// payments, in the caller's transaction: a due period whose matched
// payments (in its currency) reach its amount becomes paid; paid_through is
// the latest end of a paid or waived period; a lapsed member whose
// paid_through moves forward is active again. member is updated in place
// (the REST response shows the new values) and saved only when it changed.
func (s *Service) Recompute(ctx context.Context, app core.App, member *core.Record) error {
	ps, err := PeriodsOf(app, member.Id)
	if err != nil {
		return err
	}
	return s.recompute(ctx, app, member, ps)
}

// recompute is [Service.Recompute] on periods already read in this
// transaction (ps: all of the member's, oldest first).
func (s *Service) recompute(ctx context.Context, app core.App, member *core.Record, ps []*core.Record) error {
	return s.recomputeWith(ctx, app, member, ps, s.settle)
}

// recomputeWith is recompute with the settling of each due period given:
// a payments import settles from the sums it keeps in memory
// ([bulkBatch.settle]), every other caller from the stored payments.
func (s *Service) recomputeWith(ctx context.Context, app core.App, member *core.Record, ps []*core.Record,
	settle func(context.Context, core.App, *core.Record) error) error {
	var through time.Time
	for _, p := range ps {
		if p.GetString("status") == PeriodDue {
			if err := settle(ctx, app, p); err != nil {
				return err
			}
		}
		if st := p.GetString("status"); st == PeriodPaid || st == PeriodWaived {
			if end := periodEnd(p); end.After(through) {
				through = end
			}
		}
	}
	before, had := dayOf(member, FieldPaidThrough)
	changed := false
	switch {
	case through.IsZero() && had:
		member.Set(FieldPaidThrough, "")
		changed = true
	case !through.IsZero() && (!had || !before.Equal(through)):
		member.Set(FieldPaidThrough, date(through))
		changed = true
		if member.GetString("status") == "lapsed" && (!had || through.After(before)) {
			member.Set("status", "active")
		}
	}
	if !changed {
		return nil
	}
	return wrap("save member", app.SaveWithContext(inner(ctx), member))
}

// settle marks a due period paid when its matched payments reach its
// amount; paid_at is the day of the last of them.
func (s *Service) settle(ctx context.Context, app core.App, p *core.Record) error {
	var sum struct {
		Total int64  `db:"total"`
		Last  string `db:"last"`
	}
	err := app.DB().Select("COALESCE(SUM(amount), 0) AS total", "COALESCE(MAX(received_on), '') AS last").
		From(Payments).
		Where(dbx.HashExp{"period": p.Id, "status": PaymentMatched, "currency": p.GetString("currency")}).
		One(&sum)
	if err != nil {
		return wrap("sum payments", err)
	}
	return markPaid(ctx, app, p, sum.Total, sum.Last)
}

// markPaid saves a due period paid when total, what its matched payments
// in its currency add up to, reaches its amount; last is the received_on
// of the latest of them.
func markPaid(ctx context.Context, app core.App, p *core.Record, total int64, last string) error {
	if total == 0 || total < int64(p.GetInt("amount")) {
		return nil
	}
	p.Set("status", PeriodPaid)
	p.Set("paid_at", last)
	return wrap("settle period", app.SaveWithContext(inner(ctx), p))
}
