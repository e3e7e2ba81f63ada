package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// SavePlan saves an active public plan (a yearly rolling plan "Regular",
// code "regular", fee 3000 EUR, 30 grace days) overridden by fields, and
// returns it.
func SavePlan(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCachedCollectionByNameOrId("plans")
	if err != nil {
		t.Fatal(err)
	}
	p := core.NewRecord(col)
	for k, v := range map[string]any{"name": "Regular", "code": "regular", "kind": "rolling", "months": 12,
		"fee": 3000, "currency": "EUR", "grace_days": 30, "public": true, "active": true,
		"payment_instructions": "IBAN DE00 0000 0000 0000 0000 00, reference: your member ID"} {
		p.Set(k, v)
	}
	for k, v := range fields {
		p.Set(k, v)
	}
	if err := app.Save(p); err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}
