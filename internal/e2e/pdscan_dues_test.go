package e2e

import (
	"net/http"
	"slices"
	"testing"
)

// TestPayerStaysInPayments extends the personal-data scan to dues (SPEC
// §15): a payment recorded over REST keeps the payer and the reference in
// its own columns only — not in stdout, the request log, the audit log or
// another table.
func TestPayerStaysInPayments(t *testing.T) {
	inst := startProduction(t, nil)
	su := inst.superuser(t)
	var plan struct{ ID string }
	su.call(http.MethodPost, "/api/collections/plans/records", map[string]any{"name": "Regular", "code": "regular",
		"kind": "rolling", "months": 12, "fee": 3000, "public": true, "active": true}, http.StatusOK, &plan)
	var m member
	su.call(http.MethodPost, "/api/collections/members/records", map[string]any{"first_name": "Fin", "last_name": "Quixote-Dues",
		"email": "fin.quixote@e2e.example.org", "status": "active", "plan": plan.ID}, http.StatusOK, &m)
	const payer, reference = "PAYER QUIXOTE-BANKTEXT", "REF-QUIXOTE-7731"
	var pay struct{ Status, Period string }
	su.call(http.MethodPost, "/api/collections/payments/records", map[string]any{"member": m.ID, "amount": 3000,
		"received_on": "2026-03-01", "method": "bank_transfer", "payer": payer, "reference": reference}, http.StatusOK, &pay)
	if pay.Status != "matched" || pay.Period == "" {
		t.Fatalf("payment: %+v", pay)
	}
	inst.Stop(t)

	for needle, col := range map[string]string{payer: "payments.payer", reference: "payments.reference"} {
		for _, f := range inst.scanWritten(t, needle) {
			if f.Where != "data.db" && f.Where != "data.db-wal" {
				t.Errorf("found %v", f)
			}
		}
		if cols := inst.columnsHolding(t, "data.db", needle); !slices.Equal(cols, []string{col}) {
			t.Errorf("%q held in %v, want %s only", needle, cols, col)
		}
	}
}
