package testapp

import (
	"slices"
	"testing"
	"time"
)

// TestPBLogsFlushesTheBatch: a line logged just now is in _logs at once,
// without waiting for PocketBase's 3 s batch timer.
func TestPBLogsFlushesTheBatch(t *testing.T) {
	app, _ := New(t, nil)
	app.Settings().Logs.MaxDays = 7 // PocketBase keeps no logs at 0
	app.Logger().Error("pblogs test line")
	start := time.Now()
	rows := PBLogs(t, app, "SELECT message FROM _logs", func(rows []string) bool {
		return slices.Contains(rows, "pblogs test line")
	})
	if !slices.Contains(rows, "pblogs test line") {
		t.Fatalf("the logged line is not in _logs: %q", rows)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("found after %s: the batch was not flushed", took)
	}
}
