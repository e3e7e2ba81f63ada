package members

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// The marketing consent's time and the version of the statement shown
// beside the box when it was given.
const (
	FieldMarketingOptInAt = "marketing_opt_in_at"
	FieldMarketingVersion = "marketing_version"
)

// stampMarketing keeps marketing_opt_in_at in step with marketing_opt_in
// (SPEC §13, the one consent): set to now whenever it turns on, cleared when
// it is off, and kept as stored while it stays on, whatever a client sent,
// so the time always says when the person said yes. marketing_version
// follows the same rule: the writer that turns it on names the statement
// shown (join confirmation, the manage page); it is cleared when off.
func stampMarketing(r *core.Record, stored storedState, now time.Time) {
	on := r.GetBool(FieldMarketingOptIn)
	wasOn := !r.IsNew() && stored.MarketingOptIn
	switch {
	case !on:
		r.Set(FieldMarketingOptInAt, "")
		r.Set(FieldMarketingVersion, "")
	case !wasOn:
		r.Set(FieldMarketingOptInAt, stamp(now))
	default:
		r.Set(FieldMarketingOptInAt, stored.MarketingAt)
		r.Set(FieldMarketingVersion, stored.MarketingVersion)
	}
}
