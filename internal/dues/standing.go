package dues

import (
	"github.com/pocketbase/pocketbase/core"
)

// Standing is what the manage page shows a member about its dues: the
// plan, paid_through, the open (oldest due) period with its amount, and
// how to pay with which reference.
type Standing struct {
	Plan         string
	PaidThrough  string // "" when nothing is paid yet; "lifetime" for a paid lifetime plan
	OpenAmount   string // "" when nothing is due
	OpenFrom     string
	Reference    string // the member ID
	Instructions string
}

// StandingOf returns the member's standing, or nil for a member without a
// plan (dues not used: the page shows nothing about them).
func StandingOf(app core.App, m *core.Record) (*Standing, error) {
	if m.GetString(FieldPlan) == "" {
		return nil, nil
	}
	plan, err := app.FindRecordById(Plans, m.GetString(FieldPlan))
	if err != nil {
		return nil, wrap("plan of member", err)
	}
	st := &Standing{Plan: plan.GetString("name"), Reference: m.GetString("member_id"), Instructions: plan.GetString("payment_instructions")}
	if through, ok := dayOf(m, FieldPaidThrough); ok {
		st.PaidThrough = displayDay(through)
	}
	ps, err := PeriodsOf(app, m.Id)
	if err != nil {
		return nil, err
	}
	if due := oldestDue(ps); due != nil {
		st.OpenAmount = FormatMoney(due.GetInt("amount"), due.GetString("currency"))
		start, _ := dayOf(due, "starts_on")
		st.OpenFrom = start.Format(DateLayout)
	}
	return st, nil
}
