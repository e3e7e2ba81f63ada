package join_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/testapp"
)

// BenchmarkIntakeJoin is the intake worker's share of one join: b.N join
// rows submitted as POST /join does, then one Drain that turns each into a
// join request and a queued confirmation mail (the step `make bench-load`
// found to be the bottleneck of the join flow under load).
func BenchmarkIntakeJoin(b *testing.B) {
	app, _ := testapp.New(b, nil)
	w, err := intake.FromApp(app)
	if err != nil {
		b.Fatal(err)
	}
	for i := range b.N {
		err := join.Submit(app, join.Request{Email: fmt.Sprintf("bench-%d@example.org", i), FirstName: "Ada",
			LastName: "Lovelace", ConsentVersion: "1", ConsentAt: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	n, err := w.Drain(context.Background())
	if err != nil || n != b.N {
		b.Fatalf("drained %d of %d: %v", n, b.N, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "joins/s")
}
