package dues

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Forever is the paid_through of a member whose lifetime period is paid or
// waived: a lifetime period has no end, and a date keeps exports exact.
var Forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// newPeriod inserts the period of plan that starts on start for member:
// due, or waived at once when the fee is 0. A due period is paid from the
// member's credit when there is some.
func (s *Service) newPeriod(ctx context.Context, app core.App, member, plan *core.Record, start time.Time) (*core.Record, error) {
	return s.insertPeriod(ctx, app, member, plan, start, true)
}

// insertPeriod is [Service.newPeriod]; withCredit false skips the look for
// credit, for a caller that knows the member has none (the lifecycle job
// reads it for many members at once).
func (s *Service) insertPeriod(ctx context.Context, app core.App, member, plan *core.Record, start time.Time, withCredit bool) (*core.Record, error) {
	p, err := s.periodRecord(app, member, plan, start)
	if err != nil {
		return nil, err
	}
	if err := app.SaveWithContext(inner(ctx), p); err != nil {
		return nil, wrap("new period", err)
	}
	if withCredit && p.GetString("status") == PeriodDue {
		if err := s.applyCredit(ctx, app, p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// periodRecord is the new period of plan that starts on start for member,
// not yet stored: due, or waived at once when the fee is 0.
func (s *Service) periodRecord(app core.App, member, plan *core.Record, start time.Time) (*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(Periods)
	if err != nil {
		return nil, wrap("periods", err)
	}
	p := core.NewRecord(col)
	p.Set("member", member.Id)
	p.Set("plan", plan.Id)
	p.Set("starts_on", date(start))
	if end, ok := termsOf(plan).PeriodEnd(start); ok {
		p.Set("ends_on", date(end))
	}
	p.Set("amount", plan.GetInt("fee"))
	p.Set("currency", plan.GetString("currency"))
	p.Set("status", PeriodDue)
	if plan.GetInt("fee") == 0 {
		p.Set("status", PeriodWaived)
		p.Set("paid_at", date(s.Today()))
	}
	return p, nil
}

// StartMembership creates the first period of a member just created with a
// plan, in the insert's transaction (every path: join confirmation, REST,
// dashboard, import). The period starts today. An import's paid_through
// stands for one paid period ending on it instead. Erased rows (imported
// tombstones) keep what they carry and get no period.
func (s *Service) StartMembership(ctx context.Context, app core.App, member *core.Record) error {
	planID := member.GetString(FieldPlan)
	if planID == "" || member.GetString("status") == "erased" {
		return nil
	}
	plan, err := app.FindRecordById(Plans, planID)
	if err != nil {
		return wrap("plan of new member", err)
	}
	through, given := dayOf(member, FieldPaidThrough)
	if !given {
		if _, err := s.newPeriod(ctx, app, member, plan, s.Today()); err != nil {
			return err
		}
		return s.Recompute(ctx, app, member)
	}
	col, err := app.FindCachedCollectionByNameOrId(Periods)
	if err != nil {
		return wrap("periods", err)
	}
	p := core.NewRecord(col)
	p.Set("member", member.Id)
	p.Set("plan", plan.Id)
	if termsOf(plan).Kind == KindLifetime {
		p.Set("starts_on", date(s.Today()))
	} else {
		p.Set("starts_on", date(termsOf(plan).PeriodEnding(through)))
		p.Set("ends_on", date(through))
	}
	p.Set("amount", plan.GetInt("fee"))
	p.Set("currency", plan.GetString("currency"))
	p.Set("status", PeriodPaid)
	p.Set("paid_at", date(s.Today()))
	if err := app.SaveWithContext(inner(ctx), p); err != nil {
		return wrap("imported period", err)
	}
	return s.Recompute(ctx, app, member)
}

// PeriodsOf returns a member's periods, oldest first.
func PeriodsOf(app core.App, memberID string) ([]*core.Record, error) {
	ps, err := app.FindRecordsByFilter(Periods, "member = {:m}", "starts_on,created", 0, 0, dbx.Params{"m": memberID})
	return ps, wrap("periods of member", err)
}

// oldestDue returns the member's oldest due period, or nil.
func oldestDue(ps []*core.Record) *core.Record {
	for _, p := range ps {
		if p.GetString("status") == PeriodDue {
			return p
		}
	}
	return nil
}

// periodEnd is a paid period's contribution to paid_through.
func periodEnd(p *core.Record) time.Time {
	if end, ok := dayOf(p, "ends_on"); ok {
		return end
	}
	return Forever
}

// validTransition lists the status changes staff editors and superusers may
// make: a due period is paid, waived or voided; nothing else is rewritten.
func validTransition(from, to string) bool {
	return from == to || (from == PeriodDue && (to == PeriodPaid || to == PeriodWaived || to == PeriodVoid))
}

// CheckClientPeriodUpdate refuses what a REST client (staff editor or
// superuser) may not change on a period: any field but status, and status
// outside [validTransition]. A period marked paid or waived gets paid_at.
func (s *Service) CheckClientPeriodUpdate(p *core.Record) error {
	old := p.Original()
	for _, f := range []string{"member", "plan", "amount", "currency"} {
		if p.GetString(f) != old.GetString(f) {
			return fmt.Errorf("%s of a period cannot be changed: void it and record a new one", f)
		}
	}
	for _, f := range []string{"starts_on", "ends_on", "paid_at"} {
		if p.GetDateTime(f).String() != old.GetDateTime(f).String() {
			return fmt.Errorf("%s of a period is set by the server", f)
		}
	}
	from, to := old.GetString("status"), p.GetString("status")
	if !validTransition(from, to) {
		return fmt.Errorf("a %s period cannot become %s", from, to)
	}
	if from != to && (to == PeriodPaid || to == PeriodWaived) {
		p.Set("paid_at", date(s.Today()))
	}
	return nil
}

// MemberChanged follows a member update made outside these rules: a plan
// given to a member without periods starts its first period (REST or
// dashboard); a lapsed or cancelled member who comes back (a new join, an
// admin) and a member an admin approves start again from today, the stale
// due periods void, unless the plan wants arrears paid first or the paid
// periods still cover today.
func (s *Service) MemberChanged(ctx context.Context, app core.App, member *core.Record) error {
	if member.GetString(FieldPlan) == "" {
		return nil
	}
	ps, err := PeriodsOf(app, member.Id)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return s.StartMembership(ctx, app, member)
	}
	from, to := member.Original().GetString("status"), member.GetString("status")
	comesBack := (from == "lapsed" || from == "cancelled") && (to == "active" || to == "pending_approval")
	// An approval that took a while must not eat into the first period.
	approved := from == "pending_approval" && to == "active"
	if !comesBack && !approved {
		return nil
	}
	plan, err := app.FindRecordById(Plans, member.GetString(FieldPlan))
	if err != nil {
		return wrap("plan of member", err)
	}
	if plan.GetBool("arrears") && oldestDue(ps) != nil {
		return nil
	}
	if through, ok := dayOf(member, FieldPaidThrough); ok && !through.Before(s.Today()) {
		return nil
	}
	for _, p := range ps {
		if p.GetString("status") == PeriodDue {
			p.Set("status", PeriodVoid)
			if err := app.SaveWithContext(inner(ctx), p); err != nil {
				return wrap("void stale period", err)
			}
		}
	}
	if _, err := s.newPeriod(ctx, app, member, plan, s.Today()); err != nil {
		return err
	}
	return s.Recompute(ctx, app, member)
}
