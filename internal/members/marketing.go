package members

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// FieldMarketingOptInAt records when marketing_opt_in was last turned on.
const FieldMarketingOptInAt = "marketing_opt_in_at"

// stampMarketing keeps marketing_opt_in_at in step with marketing_opt_in
// (SPEC §13, the one consent): set to now whenever it turns on, cleared when
// it is off, and kept as stored while it stays on, whatever a client sent,
// so the time always says when the person said yes.
func stampMarketing(r *core.Record, stored storedState, now time.Time) {
	on := r.GetBool(FieldMarketingOptIn)
	wasOn := !r.IsNew() && stored.MarketingOptIn
	switch {
	case !on:
		r.Set(FieldMarketingOptInAt, "")
	case !wasOn:
		dt, _ := types.ParseDateTime(now.UTC().Truncate(time.Millisecond)) // as stored
		r.Set(FieldMarketingOptInAt, dt)
	default:
		r.Set(FieldMarketingOptInAt, stored.MarketingAt)
	}
}
