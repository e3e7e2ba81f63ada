package dues_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// BenchmarkPaymentsImport imports a statement of b.N lines, half of them
// paying a due period of one of 1,000 members, half unmatched, and reports
// rows/s (SPEC §12 asks 50,000 rows in under a minute, 834 rows/s). Run it
// with a fixed count, e.g. -benchtime=5000x.
func BenchmarkPaymentsImport(b *testing.B) {
	app, _ := testapp.New(b, nil)
	testapp.PauseWorkers(b, app)
	plan := testapp.SavePlan(b, app, map[string]any{"fee": 1_000_000_00})
	col, err := app.FindCollectionByNameOrId("members")
	if err != nil {
		b.Fatal(err)
	}
	err = app.RunInTransaction(func(tx core.App) error {
		for i := range 1000 {
			m := core.NewRecord(col)
			for k, v := range map[string]any{"first_name": "Bench", "last_name": fmt.Sprint(i),
				"email": fmt.Sprintf("b%d@example.org", i), "status": "active", "plan": plan.Id} {
				m.Set(k, v)
			}
			if err := tx.Save(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var file strings.Builder
	file.WriteString("received_on,amount,reference,payer,external_id\n")
	for i := range b.N {
		ref := fmt.Sprintf("dues m %d", i%1000+1)
		if i%2 == 1 {
			ref = "no reference"
		}
		fmt.Fprintf(&file, "2026-02-01,1.00,%s,PAYER %d,TX-%d\n", ref, i, i)
	}
	st, err := dues.ReadStatement(strings.NewReader(file.String()), dues.StatementOptions{Currency: "EUR"})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	res, err := dues.ImportPayments(app, st, dues.ImportOptions{Format: idFormat})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "rows/s")
	if res.Matched+res.Unmatched != b.N {
		b.Fatalf("result %+v", res)
	}
}
