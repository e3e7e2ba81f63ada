package privacy_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// TestExportCarriesPeriodsAndPayments: the data export lists the member's
// periods and payments (payer and reference included: they are the
// member's data), in the JSON and in the summary.
func TestExportCarriesPeriodsAndPayments(t *testing.T) {
	e := newEnv(t)
	plan := testapp.SavePlan(t, e.app, map[string]any{"name": "Regular <yearly>"})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	col, err := e.app.FindCollectionByNameOrId("payments")
	if err != nil {
		t.Fatal(err)
	}
	p := core.NewRecord(col)
	for k, v := range map[string]any{"member": m.Id, "amount": 3000, "received_on": "2026-02-01", "method": "cash", "payer": "A. Lovelace", "reference": "M-000001"} {
		p.Set(k, v)
	}
	if err := e.app.Save(p); err != nil {
		t.Fatal(err)
	}
	doc, summary := exportOf(t, e, e.downloadLink())
	periods, _ := doc["periods"].([]any)
	payments, _ := doc["payments"].([]any)
	if len(periods) != 1 || len(payments) != 1 {
		t.Fatalf("periods %v payments %v", doc["periods"], doc["payments"])
	}
	if pe := periods[0].(map[string]any); pe["status"] != "paid" || pe["plan"] != "Regular <yearly>" || pe["amount"] != float64(3000) {
		t.Errorf("period %v", pe)
	}
	if pa := payments[0].(map[string]any); pa["payer"] != "A. Lovelace" || pa["received_on"] != "2026-02-01T00:00:00.000Z" {
		t.Errorf("payment %v", pa)
	}
	for _, want := range []string{"Your membership periods", "Regular &lt;yearly&gt;", "A. Lovelace", "3000 EUR"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
}
