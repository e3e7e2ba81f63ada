package intake_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// TestFailedAttemptIsScheduledOnTheWorkerClock: a failing row is retried
// 10 s (jitter 0.5) after the worker's clock, whatever the wall clock says,
// and the log says it will be retried, with no error about recording it.
func TestFailedAttemptIsScheduledOnTheWorkerClock(t *testing.T) {
	app, _ := testapp.New(t, nil)
	var logs bytes.Buffer
	c := &clock{t: time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC)}
	w, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey}, Now: c.Now,
		Jitter: func() float64 { return 0.5 }, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w.Handle(intake.KindDetails, func(core.App, intake.Item) error { return errors.New("refused") })
	submit(t, app, intake.KindDetails, "ada@example.org", nil)
	if n, err := w.Drain(context.Background()); err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	rows := leftRows(t, app)
	if len(rows) != 1 || !strings.HasPrefix(rows[0].Next, "2031-01-02 03:04:15") {
		t.Fatalf("row left %+v, want a retry at 2031-01-02 03:04:15", rows)
	}
	if !strings.Contains(logs.String(), "will retry") || strings.Contains(logs.String(), "could not record") {
		t.Errorf("log:\n%s", logs.String())
	}
}
