package dues

import "testing"

func TestFormatMoney(t *testing.T) {
	for _, c := range []struct {
		minor int
		code  string
		want  string
	}{
		{3000, "EUR", "€ 30.00"},
		{1250, "GBP", "£ 12.50"},
		{500, "JPY", "¥ 500"},
		{12345, "KWD", "KWD 12.345"},
		{123456, "CHF", "CHF 1,234.56"},
		{0, "EUR", "€ 0.00"},
		{7, "XXQ", "7 XXQ"},
	} {
		if got := FormatMoney(c.minor, c.code); got != c.want {
			t.Errorf("%d %s: %q, want %q", c.minor, c.code, got, c.want)
		}
	}
}
