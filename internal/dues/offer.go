package dues

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Offer is an active public plan as the join form shows it.
type Offer struct {
	ID     string
	Name   string
	Fee    string // formatted in the plan's currency, e.g. "€ 30.00"
	Period string // "per year", "every 6 months", "per year, renewing on 31 December", "once, for life"
}

// Offered returns the active public plans in their sort order (then by
// name): what the join form offers. Empty when dues are not used.
func Offered(app core.App) ([]Offer, error) {
	ps, err := app.FindRecordsByFilter(Plans, "active = true && public = true", "sort_order,name", 0, 0)
	if err != nil {
		return nil, wrap("offered plans", err)
	}
	out := make([]Offer, 0, len(ps))
	for _, p := range ps {
		out = append(out, Offer{ID: p.Id, Name: p.GetString("name"), Fee: FormatMoney(p.GetInt("fee"), p.GetString("currency")),
			Period: termsOf(p).Describe()})
	}
	return out, nil
}

// Describe says in words how long a period of the terms lasts.
func (t Terms) Describe() string {
	switch t.Kind {
	case KindRolling:
		switch {
		case t.Months == 1:
			return "per month"
		case t.Months == 12:
			return "per year"
		case t.Months%12 == 0:
			return fmt.Sprintf("every %d years", t.Months/12)
		}
		return fmt.Sprintf("every %d months", t.Months)
	case KindCalendar:
		m, d, err := parseRenewsOn(t.RenewsOn)
		if err != nil {
			return "per year"
		}
		return "per year, renewing on " + time.Date(2001, m, d, 0, 0, 0, 0, time.UTC).Format("2 January")
	}
	return "once, for life"
}
