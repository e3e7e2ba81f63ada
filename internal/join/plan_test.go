package join_test

import (
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/join"
	"memberbase/internal/testapp"
)

// TestJoinCarriesThePlan: the plan chosen on the form travels through the
// intake row and the join request; confirmation creates the member on it
// with its first period due, in the same transaction.
func TestJoinCarriesThePlan(t *testing.T) {
	e := newEnv(t, nil)
	plan := testapp.SavePlan(t, e.app, nil)
	if err := join.Submit(e.app, join.Request{Email: "ada@example.org", FirstName: "Ada", LastName: "Lovelace",
		ConsentVersion: "1", ConsentAt: e.clock.Now(), Plan: plan.Id}); err != nil {
		t.Fatal(err)
	}
	e.drain()
	reqs, err := e.app.FindAllRecords(join.Collection)
	if err != nil || len(reqs) != 1 || reqs[0].GetString("plan") != plan.Id {
		t.Fatalf("join request: %v %v", reqs, err)
	}
	if _, err := e.join.Confirm(e.app, e.tokens()[0]); err != nil {
		t.Fatal(err)
	}
	m := e.member("ada@example.org")
	ps, err := dues.PeriodsOf(e.app, m.Id)
	if m.GetString("plan") != plan.Id || err != nil || len(ps) != 1 || ps[0].GetString("status") != dues.PeriodDue {
		t.Errorf("member plan %q, periods %v %v", m.GetString("plan"), ps, err)
	}
}

// TestJoinDropsAWithdrawnPlan: a plan made private between the form and the
// worker is not given to the member; the join still works.
func TestJoinDropsAWithdrawnPlan(t *testing.T) {
	e := newEnv(t, nil)
	plan := testapp.SavePlan(t, e.app, nil)
	if err := join.Submit(e.app, join.Request{Email: "bob@example.org", FirstName: "Bob", LastName: "B",
		ConsentVersion: "1", ConsentAt: e.clock.Now(), Plan: plan.Id}); err != nil {
		t.Fatal(err)
	}
	plan.Set("public", false)
	if err := e.app.Save(plan); err != nil {
		t.Fatal(err)
	}
	e.drain()
	if _, err := e.join.Confirm(e.app, e.tokens()[0]); err != nil {
		t.Fatal(err)
	}
	if m := e.member("bob@example.org"); m.GetString("plan") != "" {
		t.Errorf("withdrawn plan given: %q", m.GetString("plan"))
	}
}
