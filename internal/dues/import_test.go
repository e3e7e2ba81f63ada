package dues_test

import (
	"slices"
	"strings"
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

var idFormat = members.IDFormat{Prefix: "M-", Width: 6}

// importCSV reads a comma-separated statement and imports it.
func (e *env) importCSV(file string, dry bool) dues.ImportResult {
	e.t.Helper()
	st, err := dues.ReadStatement(strings.NewReader(file), dues.StatementOptions{Currency: "EUR"})
	if err != nil {
		e.t.Fatal(err)
	}
	res, err := dues.ImportPayments(e.app, st, dues.ImportOptions{Format: idFormat, DryRun: dry, BatchSize: 2})
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// payments returns the stored payments by day and reference as
// "reference status".
func (e *env) payments() []string {
	e.t.Helper()
	rows, err := e.app.FindRecordsByFilter(dues.Payments, "", "received_on,reference", 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.GetString("reference")+" "+r.GetString("status"))
	}
	return out
}

// TestImportMatchesOnceAndOnlyOnce: tolerant references match, ambiguous and
// unknown ones stay unmatched (never lost); the same file again and an
// overlapping statement pay nothing twice; a dry run reports the same and
// writes nothing.
func TestImportMatchesOnceAndOnlyOnce(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	ada := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})                             // M-000001
	bob := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "email": "bob@example.org"}) // M-000002
	january := "received_on,amount,reference,payer\n" +
		"2026-01-12,30.00,m 1 dues,ADA\n" +
		"2026-01-12,10.00,M-1 and M-2,FAMILY\n" + // ambiguous
		"2026-01-13,15.00,M - 000002,BOB\n" + // partial
		"2026-01-14,5.00,M-000099,NOBODY\n" // no such member
	dry := e.importCSV(january, true)
	if e.count(dues.Payments) != 0 {
		t.Fatal("dry run wrote payments")
	}
	res := e.importCSV(january, false)
	want := dues.ImportResult{Rows: 4, Matched: 2, Unmatched: 2, UnmatchedRows: []dues.UnmatchedRow{
		{Line: 3, Reason: "more than one member ID in the reference (M-000001, M-000002): not guessed."},
		{Line: 5, Reason: "no member holds M-000099."}}}
	if !equalResult(res, want) || !equalResult(dry, want) {
		t.Fatalf("import %+v, dry run %+v; want %+v", res, dry, want)
	}
	if got := e.periods(ada.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid"}) {
		t.Errorf("ada: %v", got)
	}
	if got := e.periods(bob.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 due"}) {
		t.Errorf("bob after a partial payment: %v", got)
	}

	again := e.importCSV(january, false)
	if !equalResult(again, dues.ImportResult{Rows: 4, Skipped: 4}) || e.count(dues.Payments) != 4 {
		t.Errorf("the same file again: %+v, %d payments", again, e.count(dues.Payments))
	}

	// February's statement repeats the last two days of January.
	february := "received_on,amount,reference,payer\n" +
		"2026-01-13,15.00,M - 000002,BOB\n" +
		"2026-01-14,5.00,M-000099,NOBODY\n" +
		"2026-02-01,15.00,Beitrag M2,BOB\n"
	res = e.importCSV(february, false)
	if !equalResult(res, dues.ImportResult{Rows: 3, Matched: 1, Skipped: 2, UnmatchedRows: nil}) {
		t.Errorf("overlap: %+v", res)
	}
	if got := e.periods(bob.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid"}) {
		t.Errorf("bob after two halves: %v", got)
	}
	if m := e.member(bob.Id); day(m, "paid_through") != "2027-01-09" {
		t.Errorf("bob paid_through %s", day(m, "paid_through"))
	}
	wantPays := []string{"M-1 and M-2 unmatched", "m 1 dues matched", "M - 000002 matched", "M-000099 unmatched", "Beitrag M2 matched"}
	if got := e.payments(); !slices.Equal(got, wantPays) {
		t.Errorf("payments %v", got)
	}
}

// equalResult compares results; the reasons of unmatched rows only when
// b gives them.
func equalResult(a, b dues.ImportResult) bool {
	if len(a.UnmatchedRows) != len(b.UnmatchedRows) {
		return false
	}
	for i, u := range b.UnmatchedRows {
		if a.UnmatchedRows[i].Line != u.Line || (u.Reason != "" && a.UnmatchedRows[i].Reason != u.Reason) {
			return false
		}
	}
	return a.Rows == b.Rows && a.Matched == b.Matched && a.Unmatched == b.Unmatched && a.Skipped == b.Skipped &&
		a.Credit == b.Credit && a.Outgoing == b.Outgoing
}

// TestImportReactivatesLapsedMember: an imported payment of a lapsed member
// starts a new period from its date (plan without arrears) and makes the
// member active again, in the import's transaction.
func TestImportReactivatesLapsedMember(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 0})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	e.on("2026-01-11")
	e.run()
	if e.member(m.Id).GetString("status") != "lapsed" {
		t.Fatal("not lapsed")
	}
	e.on("2026-03-02")
	e.importCSV("received_on,amount,reference\n2026-03-01,30,M-000001\n", false)
	got := e.member(m.Id)
	want := []string{"2026-01-10..2027-01-09 void", "2026-03-01..2027-02-28 paid"}
	if !slices.Equal(e.periods(m.Id), want) || got.GetString("status") != "active" || day(got, "paid_through") != "2027-02-28" {
		t.Errorf("after import: %v %s %s", e.periods(m.Id), got.GetString("status"), day(got, "paid_through"))
	}
}

// TestImportNothingDueAndErased: a payment of a member with nothing due is
// matched and kept as credit; an erased member's ID matches nothing, and
// the reason says so.
func TestImportNothingDueAndErased(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	testapp.SaveMember(t, e.app, map[string]any{"email": "gone@example.org", "status": "erased"}) // M-000002
	res := e.importCSV("received_on,amount,reference\n2026-01-12,30,M-1\n2026-01-13,20,M-1\n2026-01-13,20,M-2\n", false)
	want := dues.ImportResult{Rows: 3, Matched: 2, Credit: 1, Unmatched: 1,
		UnmatchedRows: []dues.UnmatchedRow{{Line: 4, Reason: "M-000002 belongs to an erased member."}}}
	if !equalResult(res, want) || res.CreditAmount["EUR"] != 2000 {
		t.Errorf("result %+v", res)
	}
	if got := e.periods(m.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid"}) {
		t.Errorf("periods %v", got)
	}
}

// TestAssigningAnUnmatchedPaymentPays: the editor's assignment in the
// dashboard (an update naming the member) pays like an import.
func TestAssigningAnUnmatchedPaymentPays(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	e.importCSV("received_on,amount,reference,payer\n2026-01-12,30,membership Ada,ADA LOVELACE\n", false)
	pays, err := e.app.FindAllRecords(dues.Payments)
	if err != nil || len(pays) != 1 || pays[0].GetString("status") != dues.PaymentUnmatched {
		t.Fatalf("payments %v %v", pays, err)
	}
	pays[0].Set("member", m.Id)
	if err := e.app.Save(pays[0]); err != nil {
		t.Fatal(err)
	}
	if got := e.periods(m.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid"}) || pays[0].GetString("status") != dues.PaymentMatched {
		t.Errorf("after assignment: %v %s", got, pays[0].GetString("status"))
	}
}

// TestImportOtherCurrencyDoesNotPay: a payment in another currency than
// the period is matched to the member but does not pay the period.
func TestImportOtherCurrencyDoesNotPay(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil) // € 30.00
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	res := e.importCSV("received_on,amount,currency,reference\n2026-01-12,30.00,USD,M-1\n2026-01-12,3000,JPY,M-1\n", false)
	if !equalResult(res, dues.ImportResult{Rows: 2, Matched: 2}) {
		t.Errorf("result %+v", res)
	}
	if got := e.periods(m.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 due"}) {
		t.Errorf("periods %v", got)
	}
	yen, err := e.app.FindFirstRecordByData(dues.Payments, "currency", "JPY")
	if err != nil || yen.GetInt("amount") != 3000 {
		t.Errorf("yen payment: %v %v", yen, err)
	}
}

// TestImportedRowsPassTheSchema: the import stores rows without the
// validating save (ReadStatement checked them); a row at every limit the
// reader allows still passes the payments schema once stored.
func TestImportedRowsPassTheSchema(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	long := strings.Repeat("ü", 250) // 500 bytes
	e.importCSV("received_on,amount,currency,reference,payer,external_id,method\n"+
		"12.01.2026,1099511627.76,eur,"+long+","+long+","+strings.Repeat("x", 200)+",CASH\n"+
		"2026-01,1,JPY,M-1,P,,payroll\n", false)
	pays, err := e.app.FindAllRecords(dues.Payments)
	if err != nil || len(pays) != 2 {
		t.Fatalf("payments %d %v", len(pays), err)
	}
	for _, p := range pays {
		if err := e.app.Validate(p); err != nil {
			t.Errorf("stored payment %s does not pass the schema: %v", p.GetString("external_id"), err)
		}
	}
}
