package dues_test

import (
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/members"
)

func TestReferenceNumber(t *testing.T) {
	f := members.IDFormat{Prefix: "M-", Width: 6}
	for ref, want := range map[string]int64{
		"M-000123":                  123,
		"m 123 dues":                123,
		"m123":                      123,
		"Membership fee M - 000123": 123,
		"DUES/M-123/2026":           123,
		"M.0000123":                 123, // more padding than the width
		"m-123 M-000123":            123, // the same member twice
		"M-123, 2026":               123, // a year without prefix is not an ID
		"beitrag m:42":              42,
		"ITEM123":                   0,   // the prefix inside a word
		"M-12AB":                    0,   // digits running into a word
		"123":                       123, // the whole reference a number: a payroll list's member ID column
		" 000042 ":                  42,
		"123 dues":                  0, // a number in a text without the prefix: never guessed
		"M-1 and M-2":               0, // two candidates: unmatched
		"M-0":                       0,
		"M-":                        0,
		"":                          0,
		"M-99999999999999999999":    0, // beyond the largest member number
	} {
		got, ok := dues.ReferenceNumber(ref, f)
		if got != want || ok != (want != 0) {
			t.Errorf("ReferenceNumber(%q) = %d, %v; want %d", ref, got, ok, want)
		}
	}
}

func TestReferenceNumberOtherPrefixes(t *testing.T) {
	for _, c := range []struct {
		prefix, ref string
		want        int64
	}{
		{"GB-", "gb 7 check-off", 7},
		{"GB-", "M-7", 0},
		{"", "member 77", 77},
		{"", "77 for 2026", 0}, // no prefix: every number is a candidate, two are ambiguous
	} {
		got, _ := dues.ReferenceNumber(c.ref, members.IDFormat{Prefix: c.prefix, Width: 6})
		if got != c.want {
			t.Errorf("prefix %q, %q = %d; want %d", c.prefix, c.ref, got, c.want)
		}
	}
}
