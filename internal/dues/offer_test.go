package dues

import "testing"

func TestDescribe(t *testing.T) {
	for want, terms := range map[string]Terms{
		"per month":                         {Kind: KindRolling, Months: 1},
		"per year":                          {Kind: KindRolling, Months: 12},
		"every 6 months":                    {Kind: KindRolling, Months: 6},
		"every 2 years":                     {Kind: KindRolling, Months: 24},
		"per year, renewing on 31 December": {Kind: KindCalendar, RenewsOn: "12-31"},
		"once, for life":                    {Kind: KindLifetime},
	} {
		if got := terms.Describe(); got != want {
			t.Errorf("%+v: %q, want %q", terms, got, want)
		}
	}
}
