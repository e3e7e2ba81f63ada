package dues_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// BenchmarkLifecycle runs the lifecycle job once over b.N paid members on
// their renewal-notice day (each gets its next period and a renewal_due
// mail: the job's heaviest day) and reports members/s and the process's
// CPU time per member. Run it with a fixed
// count, e.g. -benchtime=2000x: the members are created before the clock.
func BenchmarkLifecycle(b *testing.B) {
	app, _ := testapp.New(b, nil)
	testapp.PauseWorkers(b, app)
	plan := testapp.SavePlan(b, app, nil)
	col, err := app.FindCollectionByNameOrId("members")
	if err != nil {
		b.Fatal(err)
	}
	err = app.RunInTransaction(func(tx core.App) error {
		for i := range b.N {
			m := core.NewRecord(col)
			for k, v := range map[string]any{"first_name": "Bench", "last_name": fmt.Sprint(i), "email": fmt.Sprintf("b%d@example.org", i),
				"status": "active", "plan": plan.Id, "paid_through": "2026-12-31"} {
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
	svc, err := dues.FromApp(app)
	if err != nil {
		b.Fatal(err)
	}
	svc.SetClock(func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) })
	b.ResetTimer()
	cpu := cpuTime(b)
	rep, err := svc.RunLifecycle(context.Background(), app)
	cpu = cpuTime(b) - cpu
	b.StopTimer()
	if err != nil || rep.Created != b.N {
		b.Fatalf("%+v %v", rep, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "members/s")
	// The process's CPU time per member: on a shared machine the wall
	// clock measures the neighbours as much as the job.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/member")
}
