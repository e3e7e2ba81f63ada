package intake_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// TestRetryJitterSpreadsTwentyPercent: the first retry comes 10 s after a
// failure, give or take 20 %: at the jitter's low end 8 s, at its high end
// 12 s, so failures of a burst do not all come back at the same instant.
func TestRetryJitterSpreadsTwentyPercent(t *testing.T) {
	for _, c := range []struct {
		jitter float64
		want   string
	}{{0, "2031-01-02 03:04:13"}, {0.9999, "2031-01-02 03:04:16.99"}} {
		app, _ := testapp.New(t, nil)
		clk := &clock{t: time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)}
		j := c.jitter
		w, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey}, Now: clk.Now,
			Jitter: func() float64 { return j }})
		if err != nil {
			t.Fatal(err)
		}
		w.Handle(intake.KindDetails, func(core.App, intake.Item) error { return errors.New("refused") })
		submit(t, app, intake.KindDetails, "ada@example.org", nil)
		if n, err := w.Drain(context.Background()); err != nil || n != 1 {
			t.Fatalf("Drain = %d, %v", n, err)
		}
		rows := leftRows(t, app)
		if len(rows) != 1 || !strings.HasPrefix(rows[0].Next, c.want) {
			t.Errorf("jitter %v: row left %+v, want a retry at %s", j, rows, c.want)
		}
	}
}
