package dues_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestErasureClearsPayer: without FINANCE_RETENTION, erasure clears payer
// and reference on the member's payments; the periods and payments (the
// amounts) stay against the tombstone.
func TestErasureClearsPayer(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	p := e.pay(m.Id, 3000)
	eraseMember(t, e, m.Id)
	got, err := e.app.FindRecordById("payments", p.Id)
	if err != nil || got.GetString("payer") != "" || got.GetString("reference") != "" || got.GetInt("amount") != 3000 {
		t.Errorf("payment after erasure: %v %v", got, err)
	}
	if len(e.periods(m.Id)) != 1 {
		t.Errorf("periods after erasure: %v", e.periods(m.Id))
	}
}

// TestFinanceRetention: with FINANCE_RETENTION the payment stays intact,
// superusers only, until that long after the period's end; the daily job
// then clears it. Unmatched payments are cleared after it too.
func TestFinanceRetention(t *testing.T) {
	e := newEnv(t, map[string]string{"FINANCE_RETENTION": "8760h"}, "2026-01-10")
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	p := e.pay(m.Id, 3000)
	stray := e.pay("", 700)
	eraseMember(t, e, m.Id)
	if got, _ := e.app.FindRecordById("payments", p.Id); got.GetString("payer") != "ADA LOVELACE" {
		t.Fatalf("payer cleared despite FINANCE_RETENTION: %v", got.FieldsData())
	}

	srv := testapp.Serve(t, e.app)
	for role, want := range map[string]int{"viewer": 1, "superuser": 2} {
		var tok string
		if role == "superuser" {
			tok = testapp.Superuser(t, e.app)
		} else {
			tok = testapp.Staff(t, e.app, role)
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/collections/payments/records", nil)
		req.Header.Set("Authorization", tok)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ TotalItems int }
		decode(t, res, &body)
		if body.TotalItems != want {
			t.Errorf("%s sees %d payments, want %d (the erased member's only for superusers)", role, body.TotalItems, want)
		}
	}

	// The period ends 2027-01-09: a year later it is still kept.
	e.on("2028-01-09")
	if n, err := e.svc.ClearExpired(e.app); err != nil || n != 1 { // the stray one, received 2026-01-10
		t.Errorf("clear: %d %v", n, err)
	}
	if got, _ := e.app.FindRecordById("payments", p.Id); got.GetString("payer") == "" {
		t.Error("cleared before FINANCE_RETENTION passed")
	}
	if got, _ := e.app.FindRecordById("payments", stray.Id); got.GetString("payer") != "" || got.GetString("status") != "unmatched" {
		t.Errorf("unmatched payment: %v", got.FieldsData())
	}
	e.on("2028-01-11")
	if n, err := e.svc.ClearExpired(e.app); err != nil || n != 1 {
		t.Errorf("clear after retention: %d %v", n, err)
	}
	if got, _ := e.app.FindRecordById("payments", p.Id); got.GetString("payer") != "" || got.GetString("reference") != "" {
		t.Errorf("not cleared: %v", got.FieldsData())
	}
	if n, _ := e.svc.ClearExpired(e.app); n != 0 {
		t.Errorf("second run cleared %d", n)
	}
}

// TestErasureLeavesNoPayerBytes is the personal-data scan for dues: after
// an erasure without FINANCE_RETENTION, neither the payer nor the
// reference of the member's payments, nor the renewal mail, is left in the
// database files.
func TestErasureLeavesNoPayerBytes(t *testing.T) {
	e := newEnv(t, nil, "2026-01-10")
	testapp.PauseWorkers(t, e.app)
	plan := testapp.SavePlan(t, e.app, nil)
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id, "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"})
	col, err := e.app.FindCollectionByNameOrId("payments")
	if err != nil {
		t.Fatal(err)
	}
	p := core.NewRecord(col)
	for k, v := range map[string]any{"member": m.Id, "amount": 3000, "received_on": "2026-01-10", "method": "bank_transfer",
		"payer": "GRACE B HOPPER ARLINGTON", "reference": "dues from hopper-ref-77"} {
		p.Set(k, v)
	}
	if err := e.app.Save(p); err != nil {
		t.Fatal(err)
	}
	e.on("2026-12-20")
	if rep := e.run(); rep.Notices != 1 {
		t.Fatalf("no renewal mail to scan for: %+v", rep)
	}
	eraseMember(t, e, m.Id)
	for _, name := range []string{"data.db", "data.db-wal"} {
		b, err := os.ReadFile(filepath.Join(e.app.DataDir(), name))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"GRACE B HOPPER", "hopper-ref-77", "grace@example.org", "Hopper"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s still holds %q after the erasure", name, secret)
			}
		}
	}
}
