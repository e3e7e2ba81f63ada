package dues

import (
	"fmt"
	"time"
)

// Plan kinds (plans.kind).
const (
	KindRolling  = "rolling"
	KindCalendar = "calendar"
	KindLifetime = "lifetime"
)

// Terms is the part of a plan that decides period dates: its kind, the
// length of a rolling period and the end date of calendar periods.
type Terms struct {
	Kind     string
	Months   int
	RenewsOn string // MM-DD, calendar plans only
}

// Day returns t's calendar date as midnight UTC: periods are whole days.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// PeriodEnd returns the last day of the period that starts on start, and
// false for a lifetime plan (no end).
//
// Rolling: the period ends the day before the same day of the month
// Months later. When that day does not exist (a period from 31 January, or
// from 29 February into a common year), it ends on the last day of that
// month instead, and the next period starts on the 1st: periods never
// overlap, never leave a gap, and are never shorter than the months paid for.
//
// Calendar: the period ends on the first RenewsOn strictly after start, so
// a member who joins on the renewal date itself pays for a full year, not
// for one day.
func (t Terms) PeriodEnd(start time.Time) (time.Time, bool) {
	start = Day(start)
	switch t.Kind {
	case KindRolling:
		total := int(start.Month()) - 1 + t.Months
		y, m := start.Year()+total/12, time.Month(total%12+1)
		if start.Day() > daysIn(y, m) {
			return time.Date(y, m, daysIn(y, m), 0, 0, 0, 0, time.UTC), true
		}
		return time.Date(y, m, start.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1), true
	case KindCalendar:
		m, d, _ := parseRenewsOn(t.RenewsOn)
		end := time.Date(start.Year(), m, d, 0, 0, 0, 0, time.UTC)
		if !end.After(start) {
			end = time.Date(start.Year()+1, m, d, 0, 0, 0, 0, time.UTC)
		}
		return end, true
	}
	return time.Time{}, false
}

// PeriodEnding returns the start of a period that ends on end: the paid
// period an import's paid_through stands for. Rolling: the day after end,
// Months earlier (clamped to that month's last day); calendar: a year
// before, plus a day; lifetime: end itself.
func (t Terms) PeriodEnding(end time.Time) time.Time {
	end = Day(end)
	switch t.Kind {
	case KindRolling:
		next := end.AddDate(0, 0, 1)
		total := int(next.Month()) - 1 - t.Months
		y := next.Year() + floorDiv(total, 12)
		m := time.Month(total - 12*floorDiv(total, 12) + 1)
		d := min(next.Day(), daysIn(y, m))
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case KindCalendar:
		return end.AddDate(-1, 0, 1)
	}
	return end
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// parseRenewsOn reads MM-DD. 29 February is refused: a calendar plan
// renews on the same date every year.
func parseRenewsOn(s string) (time.Month, int, error) {
	var m, d int
	if len(s) != 5 || s[2] != '-' {
		return 0, 0, fmt.Errorf("renews_on %q is not MM-DD", s)
	}
	if _, err := fmt.Sscanf(s, "%02d-%02d", &m, &d); err != nil || m < 1 || m > 12 || d < 1 || d > daysIn(2001, time.Month(m)) {
		return 0, 0, fmt.Errorf("renews_on %q is not a date that exists every year (MM-DD)", s)
	}
	return time.Month(m), d, nil
}
