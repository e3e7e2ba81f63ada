package dues_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"memberbase/internal/dues"
	"memberbase/internal/members"
)

// bankExport is laid out like a German bank's CSV export: semicolons,
// decimal commas, Latin-1, its own header names, a debit among the credits.
const bankExport = "Buchungstag;Valuta;Auftraggeber;Verwendungszweck;Betrag;Währung;Transaktions-ID\r\n" +
	"03.02.2026;03.02.2026;Jürgen Groß;m 1 Beitrag;30,00;EUR;TX-1\r\n" +
	"04.02.2026;04.02.2026;Stadtwerke;Strom;-1.234,50;EUR;TX-2\r\n" +
	"05.02.2026;05.02.2026;Zoë Ärger;Spende;1.000,5;EUR;TX-3\r\n"

var bankMap = map[string]string{"received_on": "Buchungstag", "payer": "Auftraggeber", "reference": "Verwendungszweck",
	"amount": "Betrag", "currency": "Währung", "external_id": "Transaktions-ID"}

func latin1(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.ISO8859_1.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadStatementBankExport(t *testing.T) {
	st, err := dues.ReadStatement(strings.NewReader(latin1(t, bankExport)),
		dues.StatementOptions{Map: bankMap, DecimalComma: true, Delimiter: ';', Latin1: true, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	want := []dues.StatementRow{
		{Line: 2, ReceivedOn: "2026-02-03", Amount: 3000, Currency: "EUR", Reference: "m 1 Beitrag", Payer: "Jürgen Groß", ExternalID: "TX-1", Method: "bank_transfer"},
		{Line: 4, ReceivedOn: "2026-02-05", Amount: 100050, Currency: "EUR", Reference: "Spende", Payer: "Zoë Ärger", ExternalID: "TX-3", Method: "bank_transfer"},
	}
	if !slices.Equal(st.Rows, want) || !slices.Equal(st.Outgoing, []int{3}) {
		t.Errorf("got %+v, outgoing %v", st.Rows, st.Outgoing)
	}
}

func TestReadStatementAmounts(t *testing.T) {
	for _, c := range []struct {
		amount, currency string
		comma            bool
		want             int
		problem          string
	}{
		{"12.50", "EUR", false, 1250, ""},
		{"1,234.5", "EUR", false, 123450, ""},
		{"12", "EUR", false, 1200, ""},
		{"1.234,56", "EUR", true, 123456, ""},
		{"500", "JPY", false, 500, ""},
		{"5.5", "JPY", false, 0, "more than 0 decimals"},
		{"1.005", "EUR", false, 0, "more than 2 decimals"},
		{"1.5", "KWD", false, 1500, ""}, // three decimals
		{"12,50", "EUR", false, 0, "with --decimal-comma"},
		{"abc", "EUR", false, 0, "not an amount"},
		{"1e3", "EUR", false, 0, "not an amount"},
		{"12.50", "EURO", false, 0, "not an ISO 4217"},
		{"", "EUR", false, 0, "an amount is required"},
	} {
		file := "received_on,amount,currency,reference\n2026-02-03," + quote(c.amount) + "," + c.currency + ",M-1\n"
		st, err := dues.ReadStatement(strings.NewReader(file), dues.StatementOptions{DecimalComma: c.comma, Currency: "EUR"})
		if c.problem == "" {
			if err != nil || len(st.Rows) != 1 || st.Rows[0].Amount != c.want {
				t.Errorf("%s %s: %+v %v; want %d", c.amount, c.currency, st.Rows, err, c.want)
			}
			continue
		}
		var inv *members.InvalidFileError
		if !errors.As(err, &inv) || !strings.Contains(inv.Problems[0].Error(), c.problem) || inv.Problems[0].Line != 2 {
			t.Errorf("%s %s: %v; want line 2 %q", c.amount, c.currency, err, c.problem)
		}
	}
}

func quote(s string) string { return `"` + s + `"` }

// TestReadStatementReportsEveryBadLine: dates, methods, a missing column,
// identical lines without an id; nothing is returned.
func TestReadStatementReportsEveryBadLine(t *testing.T) {
	file := "received_on,amount,reference,payer,method\n" +
		"2026-02-30,10,M-1,A,\n" + // no such day
		"2026-02-03,10,M-1,A,cheque\n" +
		"2026-02-03,10,M-2,B,\n" +
		"2026-02-03,10,M-2,B,\n" // identical: needs an external_id
	_, err := dues.ReadStatement(strings.NewReader(file), dues.StatementOptions{Currency: "EUR"})
	var inv *members.InvalidFileError
	if !errors.As(err, &inv) {
		t.Fatalf("err %v", err)
	}
	var got []string
	for _, p := range inv.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		"line 2, column received_on: not a date (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, or YYYY-MM for a payroll month).",
		"line 3, column method: not a method (bank_transfer, card, cash, direct_debit, payroll, other).",
		"line 5, column external_id: the same date, amount, currency, reference and payer as line 4: give each an external_id (the bank's transaction id).",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	_, err = dues.ReadStatement(strings.NewReader("Datum,Betrag\n"), dues.StatementOptions{Map: map[string]string{"amount": "Betrag", "amout": "X"}})
	if !errors.As(err, &inv) || len(inv.Problems) != 2 {
		t.Fatalf("header problems: %v", err)
	}
	for i, want := range []string{`--map names "amout"`, `no header "received_on" for the column received_on`} {
		if !strings.Contains(inv.Problems[i].Error(), want) {
			t.Errorf("header problem %d %q lacks %q", i, inv.Problems[i].Error(), want)
		}
	}
}
