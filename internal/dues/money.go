package dues

import (
	"fmt"
	"math"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// FormatMoney renders an amount in minor units (cents; yen have none) in
// its currency, e.g. 3000 EUR → "€ 30.00", 500 JPY → "¥ 500": the number of
// decimals is the currency's own (ISO 4217), from golang.org/x/text. An
// unknown code prints the bare number and the code.
func FormatMoney(minor int, code string) string {
	u, err := currency.ParseISO(code)
	if err != nil {
		return fmt.Sprintf("%d %s", minor, code)
	}
	scale, _ := currency.Standard.Rounding(u)
	amount := float64(minor) / math.Pow10(scale)
	return message.NewPrinter(language.English).Sprint(currency.Symbol(u.Amount(amount)))
}
