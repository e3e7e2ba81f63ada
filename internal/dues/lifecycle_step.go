package dues

import (
	"context"
	"database/sql"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// step applies the lifecycle to member id in tx, from what c read of it;
// rep counts what it did.
func (s *Service) step(ctx context.Context, tx core.App, c *chunk, id string, today time.Time, rep *Report) error {
	m := c.members[id]
	if m == nil || m.GetString("status") != "active" || m.GetString(FieldPlan) == "" {
		return nil // changed since the batch was read
	}
	plan := c.plans[m.GetString(FieldPlan)]
	if plan == nil {
		return wrap("plan", sql.ErrNoRows)
	}
	if termsOf(plan).Kind == KindLifetime {
		return nil
	}
	grace := plan.GetInt("grace_days")
	ps := c.periods[id]
	through, paid := dayOf(m, FieldPaidThrough)
	if !paid {
		// Never paid: the first due period's start plus grace.
		due := oldestDue(ps)
		if due == nil {
			return nil
		}
		start, _ := dayOf(due, "starts_on")
		if today.After(start.AddDate(0, 0, grace)) {
			return s.lapse(ctx, tx, c, m, plan, due, rep)
		}
		return nil
	}
	next := periodAfter(ps, through)
	if next == nil {
		if today.Before(through.AddDate(0, 0, -s.opts.NoticeDays)) {
			return nil
		}
		var err error
		if next, err = s.nextPeriod(ctx, tx, c, m, plan, through.AddDate(0, 0, 1)); err != nil {
			return err
		}
		rep.Created++
		if next.GetString("status") != PeriodDue {
			return s.Recompute(ctx, tx, m) // waived (a free plan) or paid from credit: covered, no mail
		}
	}
	if next.GetString("status") != PeriodDue {
		return nil
	}
	queued, err := s.mail(tx, c, MailRenewalDue, m, plan, next)
	if err != nil {
		return err
	}
	if queued {
		rep.Notices++
	}
	if today.Before(through) {
		return nil
	}
	if queued, err = s.mail(tx, c, MailRenewalReminder, m, plan, next); err != nil {
		return err
	}
	if queued {
		rep.Reminders++
	}
	deadline := through.AddDate(0, 0, grace)
	if start, _ := dayOf(next, "starts_on"); start.After(through.AddDate(0, 0, 1)) {
		deadline = start.AddDate(0, 0, grace) // a restart after a gap
	}
	if today.After(deadline) {
		return s.lapse(ctx, tx, c, m, plan, next, rep)
	}
	return nil
}

// periodAfter returns the first period that is not void and starts after
// day, or nil.
func periodAfter(ps []*core.Record, day time.Time) *core.Record {
	for _, p := range ps {
		if start, _ := dayOf(p, "starts_on"); start.After(day) && p.GetString("status") != PeriodVoid {
			return p
		}
	}
	return nil
}

// lapse moves the member to lapsed and queues the lapsed mail about the
// period left unpaid. The member keeps its plan and history; a payment
// later makes it active again.
func (s *Service) lapse(ctx context.Context, tx core.App, c *chunk, m, plan, due *core.Record, rep *Report) error {
	// Through the member's own save, after what is collected: its hooks
	// audit the change and queue member.status_changed.
	if err := s.flush(ctx, tx, c); err != nil {
		return err
	}
	m.Set("status", "lapsed")
	if err := tx.SaveWithContext(inner(ctx), m); err != nil {
		return wrap("lapse", err)
	}
	rep.Lapsed++
	_, err := s.mail(tx, c, MailLapsed, m, plan, due)
	return err
}
