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
	st := stencils{} // the run's mails, rendered once per kind and plan
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		var ids []string
		err := s.selectDue(app.NonconcurrentDB(), last, today).Column(&ids)
		if err != nil {
			return rep, wrap("lifecycle select", err)
		}
		errs = append(errs, s.steps(ctx, app, ids, today, st, &rep)...)
		if len(ids) < lifecycleBatch {
			return rep, errors.Join(errs...)
		}
		last = ids[len(ids)-1]
	}
}

// selectDue is the next batch of the lifecycle: the active members on a
// plan with periods after last, in id order. Only members with something
// to do can be near a step: never paid, or paid_through within the notice
// window (or past). idx_members_status_id reads them in order, without
// sorting every active member for each batch. The caller passes the write
// connection (core.App.NonconcurrentDB): a connection of the read pool
// drops its page cache whenever the database changed since it last read,
// so each batch re-read the members' pages from the file (a fifth of the
// job's CPU in its profile), while the write connection made those changes
// and keeps its cache.
func (s *Service) selectDue(db dbx.Builder, last string, today time.Time) *dbx.SelectQuery {
	return db.Select("m.id").From(Members+" m").
		InnerJoin(Plans+" p", dbx.NewExp("p.id = m.plan")).
		Where(dbx.NewExp("m.status = 'active' AND p.kind != {:lifetime} AND m.id > {:last} AND "+
			"(m.paid_through = '' OR m.paid_through IS NULL OR m.paid_through <= {:horizon})",
			dbx.Params{"lifetime": KindLifetime, "last": last, "horizon": date(today.AddDate(0, 0, s.opts.NoticeDays)).String()})).
		OrderBy("m.id").Limit(lifecycleBatch)
}

// txBudget bounds how long one lifecycle transaction keeps adding members:
// well under the 100 ms a write transaction may hold the database (SPEC
// §12), whatever one member costs.
const txBudget = 40 * time.Millisecond

// steps applies the lifecycle to ids, grouping members into transactions
// of at most [txBudget] (a commit per member would dominate the job), each
// reading its members' rows at once ([loadChunk]) and writing their new
// periods and mails together, without a save each ([writes]). When a member's
// step fails, its group is rolled back and replayed one member per
// transaction, through the ordinary saves, so only that member is skipped.
// The collected mails are rendered through st ([stencils]); the replay
// renders each in full. It returns the errors.
func (s *Service) steps(ctx context.Context, app core.App, ids []string, today time.Time, st stencils, rep *Report) []error {
	var errs []error
	size := lifecycleChunk
	for i := 0; i < len(ids); {
		var group Report
		j := i
		end := min(len(ids), i+size)
		queued := 0
		err := app.RunInTransaction(func(tx core.App) error {
			start := time.Now()
			c, err := loadChunk(tx, ids[i:end])
			if err != nil {
				return err
			}
			c.w.perRecord = s.perRecord
			if !s.perRecord {
				c.stencils = st
			}
			for j < end && (j == i || time.Since(start) < txBudget) {
				group.Checked++
				if err := s.step(ctx, tx, c, ids[j], today, &group); err != nil {
					return err
				}
				j++
				if c.w.size() >= flushEvery {
					if err := s.flush(ctx, tx, c); err != nil {
						return err
					}
				}
			}
			err = s.flush(ctx, tx, c)
			queued = c.w.queued
			return err
		})
		if err == nil {
			if queued > 0 {
				wakeOutbox(app)
			}
			rep.add(group)
			// The next chunk reads about what the budget let this one do,
			// so a busy machine does not read rows only to read them again.
			size = min(lifecycleChunk, max(j-i+(j-i)/4, 8))
			i = j
			continue
		}
		// Replay the group up to and including the failing member alone.
		for k := i; k <= j && k < len(ids); k++ {
			one := Report{Checked: 1}
			queued := 0
			err := app.RunInTransaction(func(tx core.App) error {
				c, err := loadChunk(tx, ids[k:k+1])
				if err != nil {
					return err
				}
				c.w.perRecord = true
				err = s.step(ctx, tx, c, ids[k], today, &one)
				queued = c.w.queued
				return err
			})
			if err != nil {
				one = Report{Checked: 1, Failed: 1}
				errs = append(errs, fmt.Errorf("member %s: %w", ids[k], err))
			} else if queued > 0 {
				wakeOutbox(app)
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
