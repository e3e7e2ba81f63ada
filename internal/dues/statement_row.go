package dues

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/currency"

	"memberbase/internal/members"
)

// Methods are the payment methods (payments.method).
var Methods = []string{"bank_transfer", "card", "cash", "direct_debit", "payroll", "other"}

// dateLayouts are the dates a statement may carry: ISO, the common European
// bank formats, and a payroll month (its first day).
var dateLayouts = []string{time.DateOnly, "02.01.2006", "02/01/2006", "2.1.2006", "2006-01"}

// parseStatementRow validates one line; get returns a column's trimmed
// value. outgoing reports a debit or a zero amount (left out, not an error).
func parseStatementRow(line int, get func(string) string, o StatementOptions) (row StatementRow, problems []members.RowError, outgoing bool) {
	bad := func(col, reason string) {
		problems = append(problems, members.RowError{Line: line, Column: col, Reason: reason})
	}
	row = StatementRow{Line: line, Reference: get(ColReference), Payer: get(ColPayer), ExternalID: get(ColExternalID)}

	row.Currency = strings.ToUpper(get(ColCurrency))
	if row.Currency == "" {
		row.Currency = o.Currency
	}
	cur, err := currency.ParseISO(row.Currency)
	if err != nil {
		bad(ColCurrency, fmt.Sprintf("%q is not an ISO 4217 currency code.", row.Currency))
	}

	raw := get(ColAmount)
	if err == nil {
		scale, _ := currency.Standard.Rounding(cur)
		amount, reason := parseMinor(raw, scale, o.DecimalComma)
		switch {
		case reason != "":
			bad(ColAmount, reason)
		case amount <= 0:
			return row, nil, true
		default:
			row.Amount = int(amount)
		}
	}

	if d, ok := parseDay(get(ColReceivedOn)); ok {
		row.ReceivedOn = d
	} else {
		bad(ColReceivedOn, "not a date (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, or YYYY-MM for a payroll month).")
	}

	row.Method = strings.ToLower(get(ColMethod))
	if row.Method == "" {
		row.Method = cmp.Or(o.Method, "bank_transfer")
	}
	if !slices.Contains(Methods, row.Method) {
		bad(ColMethod, fmt.Sprintf("not a method (%s).", strings.Join(Methods, ", ")))
	}
	if len(row.Reference) > 500 || len(row.Payer) > 500 || len(row.ExternalID) > 200 {
		bad("", "reference or payer longer than 500 characters, or external_id longer than 200.")
	}
	if row.ExternalID == "" {
		row.ExternalID = importKey(row)
	}
	return row, problems, false
}

// parseMinor reads a decimal amount into minor units of a currency with
// scale decimals. Thousands separators (the other mark) and spaces are
// ignored; more decimals than the currency has is an error, never rounded.
func parseMinor(s string, scale int, decimalComma bool) (int64, string) {
	if s == "" {
		return 0, "an amount is required."
	}
	dec, thousands := ".", ","
	if decimalComma {
		dec, thousands = ",", "."
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "'", "").Replace(s)
	whole, frac, _ := strings.Cut(s, dec)
	if groups := strings.Split(whole, thousands); len(groups) > 1 {
		// 12,50 read without --decimal-comma is not 1250.00: a thousands
		// mark is followed by exactly three digits.
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, "not an amount (e.g. 12.50, or 12,50 with --decimal-comma)."
			}
		}
		whole = strings.Join(groups, "")
	}
	s = whole + "." + frac
	if len(frac) > scale {
		return 0, fmt.Sprintf("more than %d decimals for this currency.", scale)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(whole+frac, "eE/") {
		return 0, "not an amount (e.g. 12.50, or 12,50 with --decimal-comma)."
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	if !r.IsInt() || !r.Num().IsInt64() || r.Num().Int64() > 1<<40 {
		return 0, "the amount is out of range."
	}
	return r.Num().Int64(), ""
}

func parseDay(s string) (string, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}
