package members_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// planCSV: a member paid through a date, one on a plan without a date (a
// due period from today), a lapsed one, a lifetime one and a tombstone
// that keeps its plan and date.
const planCSV = "member_id,first_name,last_name,email,status,plan,paid_through\n" +
	"M-000001,Ada,Lovelace,ada@example.org,active,regular,2026-12-31\n" +
	"M-000002,Bob,Due,bob@example.org,active,regular,\n" +
	"M-000003,Cy,Late,cy@example.org,lapsed,regular,2025-06-30\n" +
	"M-000004,Di,Life,di@example.org,active,life,9999-12-31\n" +
	"M-000005,,,,erased,regular,2024-01-31\n" +
	"M-000006,Ed,None,ed@example.org,active,,\n"

// TestImportPlansRoundTrip: plan (code) and paid_through import as one paid
// period ending on the date, and export → import → export is exact.
func TestImportPlansRoundTrip(t *testing.T) {
	a, _ := testapp.New(t, nil)
	testapp.SavePlan(t, a, nil)
	testapp.SavePlan(t, a, map[string]any{"code": "life", "kind": "lifetime"})
	importCSV(t, a, planCSV)

	ada, err := a.FindFirstRecordByData("members", "member_id", "M-000001")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := dues.PeriodsOf(a, ada.Id)
	if err != nil || len(ps) != 1 || ps[0].GetString("status") != dues.PeriodPaid ||
		!strings.HasPrefix(ps[0].GetString("starts_on"), "2026-01-01") || !strings.HasPrefix(ps[0].GetString("ends_on"), "2026-12-31") {
		t.Fatalf("imported paid period: %v %v", ps, err)
	}
	bob, _ := a.FindFirstRecordByData("members", "member_id", "M-000002")
	if ps, _ := dues.PeriodsOf(a, bob.Id); len(ps) != 1 || ps[0].GetString("status") != dues.PeriodDue {
		t.Errorf("plan without paid_through: %v", ps)
	}
	if cy, _ := a.FindFirstRecordByData("members", "member_id", "M-000003"); cy.GetString("status") != "lapsed" {
		t.Errorf("a lapsed import became %s", cy.GetString("status"))
	}

	first := export(t, a, members.FormatCSV)
	for _, want := range []string{",regular,2026-12-31T00:00:00.000Z,\n", ",erased,,,,false,,,,regular,2024-01-31T00:00:00.000Z,\n",
		",life,9999-12-31T00:00:00.000Z,\n", ",regular,,\n", ",,,\n"} {
		if !strings.Contains(first, want) {
			t.Errorf("export lacks %q:\n%s", want, first)
		}
	}
	b, _ := testapp.New(t, nil)
	testapp.SavePlan(t, b, nil)
	testapp.SavePlan(t, b, map[string]any{"code": "life", "kind": "lifetime"})
	importCSV(t, b, first)
	if second := export(t, b, members.FormatCSV); second != first {
		t.Errorf("round trip:\n%s\nthen:\n%s", first, second)
	}
}

// TestImportRejectsUnknownPlan: an unknown code or a paid_through without a
// plan is a row problem, and nothing is written.
func TestImportRejectsUnknownPlan(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.SavePlan(t, app, nil)
	_, err := members.Import(app, mustRead(t, "first_name,last_name,email,plan\nAda,L,ada@example.org,regular\nBob,B,bob@example.org,gold\n"),
		members.ImportOptions{Format: idFormat})
	var inv *members.InvalidFileError
	if !errors.As(err, &inv) || len(inv.Problems) != 1 || inv.Problems[0].Error() != `line 3, column plan: no plan has the code "gold".` || count(t, app) != 0 {
		t.Errorf("unknown plan: %v, %d members", err, count(t, app))
	}
	_, err = members.ReadCSV(strings.NewReader("first_name,last_name,email,paid_through\nAda,L,a@example.org,2026-01-01\n"))
	if !errors.As(err, &inv) || len(inv.Problems) != 1 || inv.Problems[0].Column != "paid_through" {
		t.Errorf("paid_through without plan: %v", err)
	}
}

// TestImportBranchesRoundTrip: branch (code) imports as the member's branch,
// erased rows keep theirs, and export → import → export is exact; an
// unknown branch code is a row problem and nothing is written.
func TestImportBranchesRoundTrip(t *testing.T) {
	branches := func(app core.App) {
		for _, code := range []string{"depot-a", "depot-b"} {
			col, _ := app.FindCollectionByNameOrId("branches")
			b := core.NewRecord(col)
			b.Set("name", "Depot "+code)
			b.Set("code", code)
			if err := app.Save(b); err != nil {
				t.Fatal(err)
			}
		}
	}
	in := "member_id,first_name,last_name,email,status,branch\n" +
		"M-000001,Ada,Lovelace,ada@example.org,active,depot-a\n" +
		"M-000002,Bob,Other,bob@example.org,active,depot-b\n" +
		"M-000003,,,,erased,depot-a\n" +
		"M-000004,Cy,None,cy@example.org,active,\n"
	a, _ := testapp.New(t, nil)
	branches(a)
	importCSV(t, a, in)
	ada, _ := a.FindFirstRecordByData("members", "member_id", "M-000001")
	if b, err := a.FindRecordById("branches", ada.GetString("branch")); err != nil || b.GetString("code") != "depot-a" {
		t.Fatalf("imported branch: %v %v", ada.GetString("branch"), err)
	}
	first := export(t, a, members.FormatCSV)
	for _, want := range []string{",depot-a\n", ",depot-b\n", ",erased,,,,false,,,,,,depot-a\n", "Cy,None,cy@example.org,,active,,,,false,,,,,,\n"} {
		if !strings.Contains(first, want) {
			t.Errorf("export lacks %q:\n%s", want, first)
		}
	}
	b, _ := testapp.New(t, nil)
	branches(b)
	importCSV(t, b, first)
	if second := export(t, b, members.FormatCSV); second != first {
		t.Errorf("round trip:\n%s\nthen:\n%s", first, second)
	}

	c, _ := testapp.New(t, nil)
	branches(c)
	_, err := members.Import(c, mustRead(t, "first_name,last_name,email,branch\nAda,L,ada@example.org,depot-a\nBob,B,bob@example.org,depot-z\n"),
		members.ImportOptions{Format: idFormat})
	var inv *members.InvalidFileError
	if !errors.As(err, &inv) || len(inv.Problems) != 1 || inv.Problems[0].Error() != `line 3, column branch: no branch has the code "depot-z".` || count(t, c) != 0 {
		t.Errorf("unknown branch: %v, %d members", err, count(t, c))
	}
}
