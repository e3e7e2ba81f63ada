package dues

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPeriodEnd(t *testing.T) {
	for _, c := range []struct {
		terms      Terms
		start, end string
	}{
		{Terms{Kind: KindRolling, Months: 1}, "2026-03-15", "2026-04-14"},
		{Terms{Kind: KindRolling, Months: 12}, "2026-01-01", "2026-12-31"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-01-31", "2026-02-28"}, // no 31 February: month end
		{Terms{Kind: KindRolling, Months: 1}, "2028-01-31", "2028-02-29"}, // leap year
		{Terms{Kind: KindRolling, Months: 1}, "2026-01-30", "2026-02-28"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-01-29", "2026-02-28"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-03-31", "2026-04-30"},
		{Terms{Kind: KindRolling, Months: 12}, "2028-02-29", "2029-02-28"}, // leap day into a common year
		{Terms{Kind: KindRolling, Months: 48 - 12}, "2026-11-30", "2029-11-29"},
		{Terms{Kind: KindRolling, Months: 3}, "2026-11-30", "2027-02-28"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-12-15", "2027-01-14"},
		{Terms{Kind: KindCalendar, RenewsOn: "12-31"}, "2026-05-10", "2026-12-31"},
		{Terms{Kind: KindCalendar, RenewsOn: "12-31"}, "2026-12-31", "2027-12-31"}, // joining on the date: a full year
		{Terms{Kind: KindCalendar, RenewsOn: "12-31"}, "2027-01-01", "2027-12-31"},
		{Terms{Kind: KindCalendar, RenewsOn: "03-31"}, "2028-02-29", "2028-03-31"},
		{Terms{Kind: KindCalendar, RenewsOn: "02-28"}, "2028-02-29", "2029-02-28"},
	} {
		got, ok := c.terms.PeriodEnd(d(c.start))
		if !ok || !got.Equal(d(c.end)) {
			t.Errorf("%+v from %s: got %s %v, want %s", c.terms, c.start, got.Format(time.DateOnly), ok, c.end)
		}
		// Consecutive periods neither overlap nor leave a gap.
		next := got.AddDate(0, 0, 1)
		if e2, _ := c.terms.PeriodEnd(next); !e2.After(got) {
			t.Errorf("%+v: the period after %s ends %s", c.terms, c.end, e2.Format(time.DateOnly))
		}
	}
	if _, ok := (Terms{Kind: KindLifetime}).PeriodEnd(d("2026-01-01")); ok {
		t.Error("a lifetime period has an end")
	}
}

func TestPeriodEnding(t *testing.T) {
	for _, c := range []struct {
		terms      Terms
		end, start string
	}{
		{Terms{Kind: KindRolling, Months: 12}, "2026-12-31", "2026-01-01"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-04-14", "2026-03-15"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-02-28", "2026-02-01"},
		{Terms{Kind: KindRolling, Months: 1}, "2026-03-30", "2026-02-28"}, // clamped: no 31 February
		{Terms{Kind: KindRolling, Months: 14}, "2027-01-31", "2025-12-01"},
		{Terms{Kind: KindCalendar, RenewsOn: "12-31"}, "2026-12-31", "2026-01-01"},
		{Terms{Kind: KindCalendar, RenewsOn: "02-28"}, "2029-02-28", "2028-02-29"},
	} {
		if got := c.terms.PeriodEnding(d(c.end)); !got.Equal(d(c.start)) {
			t.Errorf("%+v ending %s: got %s, want %s", c.terms, c.end, got.Format(time.DateOnly), c.start)
		}
	}
}

func TestParseRenewsOn(t *testing.T) {
	for s, ok := range map[string]bool{"12-31": true, "01-01": true, "02-28": true, "02-29": false, "04-31": false, "13-01": false, "1-1": false, "": false, "aa-bb": false} {
		if _, _, err := parseRenewsOn(s); (err == nil) != ok {
			t.Errorf("%q: err %v", s, err)
		}
	}
}
