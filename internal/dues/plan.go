package dues

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/currency"
)

// DefaultGraceDays is a new plan's grace_days when the creator leaves the
// field out (REST and Go; the dashboard always sends it).
const DefaultGraceDays = 30

// PreparePlan checks a plan on every save and fills its currency: rolling
// plans need months (1–36), calendar plans a renews_on that exists every
// year, and the currency must be an ISO 4217 code. The fields a kind does
// not use are cleared, so no stale value decides a period later.
func (s *Service) PreparePlan(plan *core.Record) error {
	errs := validation.Errors{}
	switch plan.GetString("kind") {
	case KindRolling:
		if n := plan.GetInt("months"); n < 1 || n > 36 {
			errs["months"] = validation.NewError("validation_months", "A rolling plan lasts 1 to 36 months.")
		}
		plan.Set("renews_on", "")
	case KindCalendar:
		if _, _, err := parseRenewsOn(plan.GetString("renews_on")); err != nil {
			errs["renews_on"] = validation.NewError("validation_renews_on", "A calendar plan renews on a date that exists every year, MM-DD (not 02-29).")
		}
		plan.Set("months", 0)
	case KindLifetime:
		plan.Set("months", 0)
		plan.Set("renews_on", "")
	}
	if plan.GetString("currency") == "" {
		plan.Set("currency", s.opts.Currency)
	}
	if u, err := currency.ParseISO(plan.GetString("currency")); err != nil || u.String() != plan.GetString("currency") {
		errs["currency"] = validation.NewError("validation_currency", "Use an ISO 4217 code in capitals, e.g. EUR.")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
