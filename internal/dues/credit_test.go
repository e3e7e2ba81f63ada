package dues_test

import (
	"slices"
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// TestCreditPaysTheNextPeriod: a payment that finds nothing due stays on
// the member as credit; the lifecycle's next period is paid from it at
// creation (no renewal mail), and what is left waits for the period after.
func TestCreditPaysTheNextPeriod(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil) // 12 months, € 30.00
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	res := e.importCSV("received_on,amount,reference,external_id\n"+
		"2026-01-12,30.00,M-1,A\n"+ // pays the first year
		"2026-02-01,30.00,M-1 next year,B\n"+ // nothing due: credit
		"2026-03-01,10.00,M-1 towards 2028,C\n", false)
	if !equalResult(res, dues.ImportResult{Rows: 3, Matched: 3, Credit: 2}) {
		t.Fatalf("import %+v", res)
	}

	e.on("2026-12-10") // the notice day: the next period is created paid
	if rep := e.run(); rep.Created != 1 || rep.Notices != 0 {
		t.Errorf("notice day: %+v", rep)
	}
	want := []string{"2026-01-10..2027-01-09 paid", "2027-01-10..2028-01-09 paid"}
	if got := e.periods(m.Id); !slices.Equal(got, want) {
		t.Errorf("periods %v", got)
	}
	if got := day(e.member(m.Id), "paid_through"); got != "2028-01-09" {
		t.Errorf("paid_through %s", got)
	}
	if n := len(e.mails(dues.MailRenewalDue)); n != 0 {
		t.Errorf("%d renewal mails for a period paid from credit", n)
	}

	e.on("2027-12-10") // the € 10.00 left is not enough for the third year
	if rep := e.run(); rep.Created != 1 || rep.Notices != 1 {
		t.Errorf("second notice day: %+v", rep)
	}
	third, err := e.app.FindFirstRecordByFilter(dues.Payments, "external_id = 'C'")
	if err != nil || third.GetString("period") == "" {
		t.Fatalf("the remaining credit was not applied: %v", err)
	}
	e.importCSV("received_on,amount,reference,external_id\n2027-12-20,20.00,M-1,D\n", false)
	if got := e.periods(m.Id); got[2] != "2028-01-10..2029-01-09 paid" {
		t.Errorf("credit and a top-up: %v", got)
	}
}

// TestCreditOnPlanGivenLater: a member without a plan who paid gets the
// first period paid from it when an admin gives the plan.
func TestCreditOnPlanGivenLater(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, nil)
	e.importCSV("received_on,amount,reference\n2026-01-10,30.00,M-000001\n", false)
	m.Set("plan", plan.Id)
	if err := e.app.Save(m); err != nil {
		t.Fatal(err)
	}
	if got := e.periods(m.Id); !slices.Equal(got, []string{"2026-01-10..2027-01-09 paid"}) {
		t.Errorf("periods %v", got)
	}
	if got := day(e.member(m.Id), "paid_through"); got != "2027-01-09" {
		t.Errorf("paid_through %s", got)
	}
}
