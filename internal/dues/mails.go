package dues

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// DateLayout is how dates appear in mails and on the manage page.
const DateLayout = "2 January 2006"

// Mail is what the dues mails show: the amount, the due date, the payment
// reference (the member ID) and the plan's instructions.
type Mail struct {
	FirstName    string
	MemberID     string
	PlanName     string
	Amount       string
	DueDate      string
	PaidThrough  string
	Instructions string
}

// mail queues kind about period for member, once per period and kind (the
// dedupe key names both, no personal data; c holds the keys already
// queued when its chunk was read). It reports whether a new row was
// queued (or collected: see [writes]). A member without an address (never
// for an active one) gets nothing.
func (s *Service) mail(tx core.App, c *chunk, kind string, m, plan, period *core.Record) (bool, error) {
	to := m.GetString("email")
	if to == "" {
		return false, nil
	}
	key := mailKey(kind, period.Id)
	if c.queued[key] {
		return false, nil
	}
	c.queued[key] = true
	ob, err := outbox.FromApp(tx)
	if err != nil {
		return false, err
	}
	start, _ := dayOf(period, "starts_on")
	data := Mail{
		FirstName:    m.GetString("first_name"),
		MemberID:     m.GetString("member_id"),
		PlanName:     plan.GetString("name"),
		Amount:       FormatMoney(period.GetInt("amount"), period.GetString("currency")),
		DueDate:      start.Format(DateLayout),
		Instructions: plan.GetString("payment_instructions"),
	}
	if through, ok := dayOf(m, FieldPaidThrough); ok {
		data.PaidThrough = displayDay(through)
	}
	r, err := c.stencils.render(ob.Renderer, kind, data)
	if err != nil {
		return false, wrap("render "+kind, err)
	}
	msg := outbox.Message{To: to, Kind: kind, Subject: r.Subject, Text: r.Text, HTML: r.HTML, Sensitive: true, DedupeKey: key}
	return true, wrap("queue "+kind, s.queue(tx, c, msg))
}

// displayDay formats a day for people; [Forever] reads "lifetime".
func displayDay(t time.Time) string {
	if !t.Before(Forever) {
		return "lifetime"
	}
	return t.Format(DateLayout)
}
