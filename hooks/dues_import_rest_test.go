package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"memberbase/internal/dues"
	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// TestImportedUnmatchedAssignedInDashboard: a statement line that matched
// nobody is assigned by an admin over the dashboard's REST API and then
// pays the member's due period and moves paid_through, like an import.
func TestImportedUnmatchedAssignedInDashboard(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	admin := testapp.Superuser(t, app)
	plan := testapp.SavePlan(t, app, nil)
	m := testapp.SaveMember(t, app, map[string]any{"plan": plan.Id})
	st, err := dues.ReadStatement(strings.NewReader("received_on,amount,reference,payer\n2026-01-12,30.00,fee for Ada,A LOVELACE\n"),
		dues.StatementOptions{Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := dues.ImportPayments(app, st, dues.ImportOptions{Format: members.IDFormat{Prefix: "M-", Width: 6}}); err != nil || res.Unmatched != 1 {
		t.Fatalf("import %+v %v", res, err)
	}
	pay, err := app.FindFirstRecordByData(dues.Payments, "status", dues.PaymentUnmatched)
	if err != nil {
		t.Fatal(err)
	}
	res := doJSON(t, srv.Client(), http.MethodPatch, srv.URL+paymentsURL+"/"+pay.Id, admin, map[string]any{"member": m.Id})
	if res.Status != 200 || res.Body["status"] != dues.PaymentMatched {
		t.Fatalf("assign: %d %v", res.Status, res.Body)
	}
	if ps := periodsOf(t, app, m.Id); len(ps) != 1 || ps[0].GetString("status") != dues.PeriodPaid {
		t.Errorf("period after assignment: %v", ps)
	}
	if got, _ := app.FindRecordById("members", m.Id); got.GetDateTime("paid_through").IsZero() {
		t.Error("paid_through did not move")
	}
}
