package dues

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// lifecycleBatch is how many members one read of the lifecycle job
// selects; they are then handled in transactions bounded by [txBudget], so
// no write transaction holds the database for long and `serve` keeps
// answering.
const lifecycleBatch = 200

// Report counts what one run of the lifecycle job did.
// Checked counts the members the job looked at: those never paid or whose
// paid_through falls within RENEWAL_NOTICE_DAYS (the others have nothing
// due and are skipped in SQL).
type Report struct {
	Checked, Created, Notices, Reminders, Lapsed, Failed int
}

// RunLifecycle is the daily job (SPEC §15) for every active member on a
// rolling or calendar plan, on the service clock's date:
//  1. RENEWAL_NOTICE_DAYS before paid_through, when no later period exists,
//     the next period (due, from paid_through + 1 day) and renewal_due;
//  2. on paid_through with that period still due, renewal_reminder;
//  3. after paid_through + grace_days with it still due (a member who
//     never paid: after the first period's starts_on + grace_days), status
//     lapsed and the lapsed mail.
//
// It is idempotent: periods exist once, mails are deduplicated per period
// and kind, and a lapsed member is no longer selected. A member whose step
// fails is logged by the caller through the returned error and skipped;
// the others go on.
func (s *Service) RunLifecycle(ctx context.Context, app core.App) (Report, error) {
	var rep Report
	var errs []error
	today := s.Today()
	last := ""
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		var ids []string
		err := app.DB().Select("m.id").From(Members+" m").
			InnerJoin(Plans+" p", dbx.NewExp("p.id = m.plan")).
			// Only members with something to do can be near a step: never
			// paid, or paid_through within the notice window (or past).
			Where(dbx.NewExp("m.status = 'active' AND p.kind != {:lifetime} AND m.id > {:last} AND "+
				"(m.paid_through = '' OR m.paid_through IS NULL OR m.paid_through <= {:horizon})",
				dbx.Params{"lifetime": KindLifetime, "last": last, "horizon": date(today.AddDate(0, 0, s.opts.NoticeDays)).String()})).
			OrderBy("m.id").Limit(lifecycleBatch).Column(&ids)
		if err != nil {
			return rep, wrap("lifecycle select", err)
		}
		errs = append(errs, s.steps(ctx, app, ids, today, &rep)...)
		if len(ids) < lifecycleBatch {
			return rep, errors.Join(errs...)
		}
		last = ids[len(ids)-1]
	}
}

// txBudget bounds how long one lifecycle transaction keeps adding members:
// well under the 100 ms a write transaction may hold the database (SPEC
// §12), whatever one member costs.
const txBudget = 40 * time.Millisecond

// steps applies the lifecycle to ids, grouping members into transactions
// of at most [txBudget] (a commit per member would dominate the job). When
// a member's step fails, its group is rolled back and replayed one member
// per transaction, so only that member is skipped. It returns the errors.
func (s *Service) steps(ctx context.Context, app core.App, ids []string, today time.Time, rep *Report) []error {
	var errs []error
	for i := 0; i < len(ids); {
		var group Report
		j := i
		err := app.RunInTransaction(func(tx core.App) error {
			start := time.Now()
			for j < len(ids) && (j == i || time.Since(start) < txBudget) {
				group.Checked++
				if err := s.step(ctx, tx, ids[j], today, &group); err != nil {
					return err
				}
				j++
			}
			return nil
		})
		if err == nil {
			rep.add(group)
			i = j
			continue
		}
		// Replay the group up to and including the failing member alone.
		for k := i; k <= j && k < len(ids); k++ {
			one := Report{Checked: 1}
			if err := app.RunInTransaction(func(tx core.App) error { return s.step(ctx, tx, ids[k], today, &one) }); err != nil {
				one = Report{Checked: 1, Failed: 1}
				errs = append(errs, fmt.Errorf("member %s: %w", ids[k], err))
			}
			rep.add(one)
		}
		i = j + 1
	}
	return errs
}

func (r *Report) add(o Report) {
	r.Checked += o.Checked
	r.Created += o.Created
	r.Notices += o.Notices
	r.Reminders += o.Reminders
	r.Lapsed += o.Lapsed
	r.Failed += o.Failed
}

// step applies the lifecycle to one member in tx; rep counts what it did.
func (s *Service) step(ctx context.Context, tx core.App, id string, today time.Time, rep *Report) error {
	m, err := tx.FindRecordById(Members, id)
	if err != nil {
		return wrap("member", err)
	}
	if m.GetString("status") != "active" || m.GetString(FieldPlan) == "" {
		return nil // changed since the batch was read
	}
	plan, err := tx.FindRecordById(Plans, m.GetString(FieldPlan))
	if err != nil {
		return wrap("plan", err)
	}
	if termsOf(plan).Kind == KindLifetime {
		return nil
	}
	grace := plan.GetInt("grace_days")
	ps, err := PeriodsOf(tx, m.Id)
	if err != nil {
		return err
	}
	through, paid := dayOf(m, FieldPaidThrough)
	if !paid {
		// Never paid: the first due period's start plus grace.
		due := oldestDue(ps)
		if due == nil {
			return nil
		}
		start, _ := dayOf(due, "starts_on")
		if today.After(start.AddDate(0, 0, grace)) {
			return s.lapse(ctx, tx, m, plan, due, rep)
		}
		return nil
	}
	next := periodAfter(ps, through)
	if next == nil {
		if today.Before(through.AddDate(0, 0, -s.opts.NoticeDays)) {
			return nil
		}
		if next, err = s.newPeriod(ctx, tx, m, plan, through.AddDate(0, 0, 1)); err != nil {
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
	queued, err := s.mail(tx, MailRenewalDue, m, plan, next)
	if err != nil {
		return err
	}
	if queued {
		rep.Notices++
	}
	if today.Before(through) {
		return nil
	}
	if queued, err = s.mail(tx, MailRenewalReminder, m, plan, next); err != nil {
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
		return s.lapse(ctx, tx, m, plan, next, rep)
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
func (s *Service) lapse(ctx context.Context, tx core.App, m, plan, due *core.Record, rep *Report) error {
	m.Set("status", "lapsed")
	if err := tx.SaveWithContext(inner(ctx), m); err != nil {
		return wrap("lapse", err)
	}
	rep.Lapsed++
	_, err := s.mail(tx, MailLapsed, m, plan, due)
	return err
}
