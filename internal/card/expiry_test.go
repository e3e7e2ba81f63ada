package card_test

import (
	"testing"
	"time"

	"memberbase/internal/card"
)

func TestExpiryRules(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	year := 8760 * time.Hour
	for _, tc := range []struct {
		name string
		s    card.Standing
		want time.Time
		ok   bool
	}{
		{"rolling paid", card.Standing{Kind: "rolling", GraceDays: 30, PaidThrough: day("2026-12-31")}, day("2027-01-31"), true},
		{"calendar paid, no grace", card.Standing{Kind: "calendar", PaidThrough: day("2026-12-31")}, day("2027-01-01"), true},
		{"rolling never paid", card.Standing{Kind: "rolling", GraceDays: 30}, time.Time{}, false},
		{"calendar never paid", card.Standing{Kind: "calendar", GraceDays: 30}, time.Time{}, false},
		{"lapsed: grace over", card.Standing{Kind: "rolling", GraceDays: 10, PaidThrough: day("2026-02-10")}, time.Time{}, false},
		{"in grace, last day", card.Standing{Kind: "rolling", GraceDays: 19, PaidThrough: day("2026-02-10")}, day("2026-03-02"), true},
		{"lifetime", card.Standing{Kind: "lifetime", PaidThrough: day("9999-12-31")}, now.Add(year), true},
		{"lifetime unpaid", card.Standing{Kind: "lifetime"}, now.Add(year), true},
		{"no plan", card.Standing{}, now.Add(year), true},
	} {
		got, ok := card.Expiry(tc.s, now, year)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("%s: got %v %v, want %v %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
