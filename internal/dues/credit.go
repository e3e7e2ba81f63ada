package dues

import (
	"context"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// applyCredit pays a new due period from the member's credit: matched
// payments that found nothing due when they came (no period), in the
// period's currency. The oldest are linked to the period until they reach
// its amount; the last one is split when it brings more than the period
// still needs, and its rest stays credit for the period after. A period
// they cover becomes paid (in memory too, so the caller sees it); the
// caller recomputes paid_through.
func (s *Service) applyCredit(ctx context.Context, app core.App, p *core.Record) error {
	credit, err := app.FindRecordsByFilter(Payments,
		"member = {:m} && period = '' && status = {:st} && currency = {:c}", "received_on,created", 0, 0,
		dbx.Params{"m": p.GetString("member"), "st": PaymentMatched, "c": p.GetString("currency")})
	if err != nil {
		return wrap("credit of member", err)
	}
	if len(credit) == 0 {
		return nil
	}
	need := p.GetInt("amount")
	for _, pay := range credit {
		if need <= 0 {
			break
		}
		var rest *core.Record
		if pay.GetInt("amount") > need {
			rest = splitOff(pay, need)
			rest.Set("status", PaymentMatched)
		}
		pay.Set("period", p.Id)
		if err := app.SaveWithContext(inner(ctx), pay); err != nil {
			return wrap("apply credit", err)
		}
		if rest != nil {
			if err := app.SaveWithContext(inner(ctx), rest); err != nil {
				return wrap("keep the rest of a credit", err)
			}
		}
		need -= pay.GetInt("amount")
	}
	return s.settle(ctx, app, p)
}
