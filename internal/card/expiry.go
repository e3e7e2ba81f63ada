package card

import (
	"time"

	"memberbase/internal/dues"
)

// Standing is what a card's expiry depends on: the plan's kind ("" without
// a plan) and grace_days, and the member's paid_through (zero when nothing
// is paid or waived yet).
type Standing struct {
	Kind        string
	GraceDays   int
	PaidThrough time.Time
}

// Expiry returns when a card issued now ends, and false when no card can be
// issued (SPEC §18). Rolling and calendar plans: the end of the day
// paid_through + grace_days (UTC), the last day the lifecycle job leaves
// the member active; nothing before the first period is paid or waived.
// Lifetime plans and members without a plan: now + validity.
func Expiry(s Standing, now time.Time, validity time.Duration) (time.Time, bool) {
	switch s.Kind {
	case dues.KindRolling, dues.KindCalendar:
		if s.PaidThrough.IsZero() {
			return time.Time{}, false
		}
		end := dues.Day(s.PaidThrough).AddDate(0, 0, s.GraceDays+1)
		if !end.After(now) {
			return time.Time{}, false
		}
		return end, true
	default:
		return now.Add(validity), true
	}
}
