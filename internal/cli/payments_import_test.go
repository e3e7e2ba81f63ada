package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"memberbase/internal/testapp"
)

// writeBytes writes a statement file as given (any encoding).
func writeBytes(t testing.TB, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "statement.csv")
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPaymentsImportBankExport: a semicolon, decimal-comma, Latin-1 export
// with its own headers, through --map; the dry run reports what the import
// then does, the re-run skips everything, and every insert is audited as cli.
func TestPaymentsImportBankExport(t *testing.T) {
	app, _ := testapp.New(t, nil)
	plan := testapp.SavePlan(t, app, nil)
	m := testapp.SaveMember(t, app, map[string]any{"plan": plan.Id}) // M-000001
	text := "Buchungstag;Auftraggeber;Verwendungszweck;Betrag;Währung\r\n" +
		"03.02.2026;Jürgen Groß;m 1 Beitrag;30,00;EUR\r\n" +
		"04.02.2026;Stadtwerke;Strom;-1.234,50;EUR\r\n" +
		"05.02.2026;Zoë Ärger;Spende;1.000,50;EUR\r\n"
	latin1, err := charmap.ISO8859_1.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	file := writeBytes(t, []byte(latin1))
	args := []string{"payments", "import", file, "--delimiter", ";", "--decimal-comma", "--encoding", "latin1",
		"--map", "received_on=Buchungstag,payer=Auftraggeber,reference=Verwendungszweck,amount=Betrag,currency=Währung"}

	out, _, err := run(t, app, append(args, "--dry-run")...)
	want := "2 payments: 1 matched, 1 unmatched, 0 already imported; would be stored (dry run, nothing written)\n" +
		"unmatched lines (assign them in the dashboard):\n  line 4: no member ID in the reference.\n" +
		"1 outgoing or zero lines left out\n"
	if err != nil || out != want {
		t.Fatalf("dry run: %v\n%s\nwant\n%s", err, out, want)
	}
	if n, _ := app.CountRecords("payments"); n != 0 {
		t.Fatalf("dry run wrote %d payments", n)
	}
	out, _, err = run(t, app, args...)
	if err != nil || out != strings.Replace(want, "would be stored (dry run, nothing written)", "stored", 1) {
		t.Fatalf("import: %v\n%s", err, out)
	}
	got, err := app.FindRecordById("members", m.Id)
	if err != nil || got.GetDateTime("paid_through").IsZero() {
		t.Errorf("paid_through after import: %v %v", got.GetDateTime("paid_through"), err)
	}
	unmatched, err := app.FindFirstRecordByData("payments", "status", "unmatched")
	if err != nil || unmatched.GetString("payer") != "Zoë Ärger" || unmatched.GetInt("amount") != 100050 {
		t.Errorf("unmatched payment: %v %v", unmatched, err)
	}
	out, _, err = run(t, app, args...)
	if err != nil || !strings.HasPrefix(out, "2 payments: 0 matched, 0 unmatched, 2 already imported; stored\n") {
		t.Errorf("re-run: %v %q", err, out)
	}
	if rows := auditRows(t, app, "import"); len(rows) != 2 || rows[0].ActorType != "cli" || rows[1].ActorType != "cli" {
		t.Errorf("audit rows %+v", rows)
	}
}

// TestPaymentsImportRemittanceList: a payroll list imports with --map and
// --method alone; its month column is the received date.
func TestPaymentsImportRemittanceList(t *testing.T) {
	app, _ := testapp.New(t, nil)
	plan := testapp.SavePlan(t, app, map[string]any{"kind": "rolling", "months": 1, "fee": 1200})
	m := testapp.SaveMember(t, app, map[string]any{"plan": plan.Id})
	file := writeFile(t, "Employer,Period,Member ID,Amount\nACME Ltd,2026-03,M-000001,12.00\nACME Ltd,2026-03,M-000007,12.00\n")
	out, _, err := run(t, app, "payments", "import", file, "--method", "payroll",
		"--map", "payer=Employer,received_on=Period,reference=Member ID,amount=Amount")
	if err != nil || !strings.HasPrefix(out, "2 payments: 1 matched, 1 unmatched, 0 already imported; stored\n") {
		t.Fatalf("import: %v %q", err, out)
	}
	pay, err := app.FindFirstRecordByData("payments", "member", m.Id)
	if err != nil || pay.GetString("method") != "payroll" || pay.GetString("period") == "" ||
		pay.GetDateTime("received_on").Time().Format("2006-01-02") != "2026-03-01" {
		t.Errorf("payroll payment %v %v", pay, err)
	}
}

// TestPaymentsImportBadRowWritesNothing: one bad line among good ones names
// its line on stderr and nothing is stored; bad flags are refused.
func TestPaymentsImportBadRowWritesNothing(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.SaveMember(t, app, nil)
	file := writeFile(t, "received_on,amount,currency,reference\n2026-02-01,30.00,EUR,M-1\n2026-02-01,30.00,XXX1,M-1\n2026-02-02,12.345,EUR,M-1\n")
	_, stderr, err := run(t, app, "payments", "import", file)
	want := "line 3, column currency: \"XXX1\" is not an ISO 4217 currency code.\nline 4, column amount: more than 2 decimals for this currency.\n"
	if err == nil || stderr != want {
		t.Errorf("bad rows: %v, stderr %q; want %q", err, stderr, want)
	}
	if n, _ := app.CountRecords("payments"); n != 0 {
		t.Errorf("%d payments stored from an invalid file", n)
	}
	for _, flags := range [][]string{{"--delimiter", ";;"}, {"--encoding", "ebcdic"}, {"--map", "amount"}} {
		if _, _, err := run(t, app, append([]string{"payments", "import", file}, flags...)...); err == nil {
			t.Errorf("flags %v accepted", flags)
		}
	}
}

// TestPaymentsImportShowsProgress: a large file prints a progress line per
// batch on stderr and stores every line.
func TestPaymentsImportShowsProgress(t *testing.T) {
	app, _ := testapp.New(t, nil)
	var b strings.Builder
	b.WriteString("received_on,amount,reference,external_id\n")
	const rows = 1200
	for i := range rows {
		fmt.Fprintf(&b, "2026-02-01,1.00,unknown %d,TX-%d\n", i, i)
	}
	out, stderr, err := run(t, app, "payments", "import", writeFile(t, b.String()), "--batch-size", "500")
	if err != nil || !strings.HasPrefix(out, "1200 payments: 0 matched, 1200 unmatched") {
		t.Fatalf("import: %v %q", err, out[:min(len(out), 200)])
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	want := []string{
		"payments import: 500/1200 rows (0 matched, 500 unmatched, 0 already imported)",
		"payments import: 1000/1200 rows (0 matched, 1000 unmatched, 0 already imported)",
		"payments import: 1200/1200 rows (0 matched, 1200 unmatched, 0 already imported)",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("progress %q", lines)
	}
	if n, _ := app.CountRecords("payments"); n != rows {
		t.Errorf("%d payments stored", n)
	}
}

// TestPaymentsImportCreditAndReasons: a payroll list with bare member
// numbers; the overpaying line's rest is reported as credit, and each
// unmatched line is printed with its reason.
func TestPaymentsImportCreditAndReasons(t *testing.T) {
	app, _ := testapp.New(t, nil)
	plan := testapp.SavePlan(t, app, nil) // € 30.00 a year
	testapp.SaveMember(t, app, map[string]any{"plan": plan.Id})
	file := writeFile(t, "Employer,Period,Member ID,Amount\n"+
		"ACME Ltd,2026-03,1,42.50\n"+
		"ACME Ltd,2026-03,7,12.00\n"+
		"ACME Ltd,2026-03,,12.00\n")
	out, _, err := run(t, app, "payments", "import", file, "--method", "payroll",
		"--map", "payer=Employer,received_on=Period,reference=Member ID,amount=Amount")
	want := "3 payments: 1 matched, 2 unmatched, 0 already imported; stored\n" +
		"unmatched lines (assign them in the dashboard):\n" +
		"  line 3: no member holds M-000007.\n" +
		"  line 4: no member ID in the reference.\n" +
		"1 payments kept as credit (€ 12.50): more than was due, or nothing due; the member's next period is paid from it\n"
	if err != nil || out != want {
		t.Fatalf("import: %v\n%s\nwant\n%s", err, out, want)
	}
}
