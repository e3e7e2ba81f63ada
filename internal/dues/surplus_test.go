package dues_test

import (
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// parts returns the member's payments as "external_id amount period-start"
// ("-" for credit), oldest first.
func (e *env) parts(memberID string) []string {
	e.t.Helper()
	pays, err := e.app.FindRecordsByFilter(dues.Payments, "member = {:m}", "created,external_id", 0, 0, dbx.Params{"m": memberID})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, p := range pays {
		on := "-"
		if id := p.GetString("period"); id != "" {
			period, err := e.app.FindRecordById(dues.Periods, id)
			if err != nil {
				e.t.Fatal(err)
			}
			on = day(period, "starts_on")
		}
		out = append(out, p.GetString("external_id")+" "+p.GetString("amount")+" "+on)
	}
	return out
}

// TestImportOverpaymentBecomesCredit: a line larger than the open period
// pays it and keeps the rest as a credit payment of its own (the summary
// counts it); each later period is paid from that credit, split again
// where it is more than the period; re-importing the file changes nothing.
func TestImportOverpaymentBecomesCredit(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil) // 12 months, € 30.00
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	file := "received_on,amount,reference,external_id\n2026-01-12,100.00,M-1 dues 2026-2028,TX-1\n"
	res := e.importCSV(file, false)
	if !equalResult(res, dues.ImportResult{Rows: 1, Matched: 1, Credit: 1}) || res.CreditAmount["EUR"] != 7000 {
		t.Fatalf("import %+v", res)
	}
	if got, want := e.parts(m.Id), []string{"TX-1 3000 2026-01-10", "TX-1~2 7000 -"}; !slices.Equal(got, want) {
		t.Errorf("payments %v, want %v", got, want)
	}
	if got := e.periods(m.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid"}) {
		t.Errorf("periods %v", got)
	}
	if again := e.importCSV(file, false); !equalResult(again, dues.ImportResult{Rows: 1, Skipped: 1}) || e.count(dues.Payments) != 2 {
		t.Errorf("re-import %+v, %d payments", again, e.count(dues.Payments))
	}

	e.on("2026-12-10") // the next period is paid from the credit, the rest kept
	if rep := e.run(); rep.Created != 1 || rep.Notices != 0 {
		t.Errorf("notice day: %+v", rep)
	}
	e.on("2027-12-10")
	e.run()
	e.on("2028-12-10") // € 10.00 left: not enough, the renewal mail goes out
	if rep := e.run(); rep.Created != 1 || rep.Notices != 1 {
		t.Errorf("third notice day: %+v", rep)
	}
	want := []string{"TX-1 3000 2026-01-10", "TX-1~2 3000 2027-01-10", "TX-1~3 3000 2028-01-10", "TX-1~4 1000 2029-01-10"}
	if got := e.parts(m.Id); !slices.Equal(got, want) {
		t.Errorf("payments %v, want %v", got, want)
	}
	wantPeriods := []string{"2026-01-10..2027-01-09 paid", "2027-01-10..2028-01-09 paid", "2028-01-10..2029-01-09 paid", "2029-01-10..2030-01-09 due"}
	if got := e.periods(m.Id); !slices.Equal(got, wantPeriods) {
		t.Errorf("periods %v", got)
	}
	if got := day(e.member(m.Id), "paid_through"); got != "2029-01-09" {
		t.Errorf("paid_through %s", got)
	}
}

// TestOverpaymentPaysEveryOpenPeriod: with two periods due and one partly
// paid, one payment completes the first, pays the second and keeps the
// rest as credit; an editor's assignment of an unmatched payment splits
// the same way.
func TestOverpaymentPaysEveryOpenPeriod(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, map[string]any{"arrears": true})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	col, err := e.app.FindCollectionByNameOrId(dues.Periods)
	if err != nil {
		t.Fatal(err)
	}
	second := core.NewRecord(col)
	for k, v := range map[string]any{"member": m.Id, "plan": plan.Id, "starts_on": "2027-01-10", "ends_on": "2028-01-09",
		"amount": 3000, "currency": "EUR", "status": dues.PeriodDue} {
		second.Set(k, v)
	}
	if err := e.app.Save(second); err != nil {
		t.Fatal(err)
	}
	e.importCSV("received_on,amount,reference,external_id\n2026-01-11,10.00,M-1,A\n2026-01-12,65.00,M-1,B\n", false)
	want := []string{"A 1000 2026-01-10", "B 2000 2026-01-10", "B~2 3000 2027-01-10", "B~3 1500 -"}
	if got := e.parts(m.Id); !slices.Equal(got, want) {
		t.Errorf("payments %v, want %v", got, want)
	}
	if got := e.periods(m.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid", "2027-01-10..2028-01-09 paid"}) {
		t.Errorf("periods %v", got)
	}

	// An unmatched € 50.00, assigned by an editor to a second member.
	bob := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "email": "bob@example.org"})
	e.importCSV("received_on,amount,reference,payer,external_id\n2026-01-13,50.00,fees,BOB,C\n", false)
	pay, err := e.app.FindFirstRecordByData(dues.Payments, "external_id", "C")
	if err != nil {
		t.Fatal(err)
	}
	pay.Set("member", bob.Id)
	if err := e.app.Save(pay); err != nil {
		t.Fatal(err)
	}
	if got := e.parts(bob.Id); !slices.Equal(got, []string{"C 3000 2026-01-10", "C~2 2000 -"}) {
		t.Errorf("assigned payment %v", got)
	}
}

// TestOverpaymentByHandSplitsToo: a payment recorded in Go (as REST and
// the dashboard do) without an external_id splits the same way; a period
// the client names keeps the whole payment.
func TestOverpaymentByHandSplitsToo(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	e.pay(m.Id, 4500)
	if got := e.parts(m.Id); !slices.Equal(got, []string{" 3000 2026-01-10", " 1500 -"}) {
		t.Errorf("payments %v", got)
	}

	other := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "email": "other@example.org"})
	ps, err := dues.PeriodsOf(e.app, other.Id)
	if err != nil || len(ps) != 1 {
		t.Fatal(ps, err)
	}
	col, _ := e.app.FindCollectionByNameOrId(dues.Payments)
	p := core.NewRecord(col)
	for k, v := range map[string]any{"period": ps[0].Id, "amount": 4500, "received_on": e.now.Format(time.DateOnly), "method": "cash"} {
		p.Set(k, v)
	}
	if err := e.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if got := e.parts(other.Id); !slices.Equal(got, []string{" 4500 2026-01-10"}) {
		t.Errorf("named period: %v", got)
	}
}
