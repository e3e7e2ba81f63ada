package testapp

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/logger"
)

// PBLogsWait bounds how long [PBLogs] waits for the rows it is after.
const PBLogsWait = 15 * time.Second

// PBLogs returns the single text column query reads from PocketBase's
// _logs once until holds for it, or after PBLogsWait (the caller's own
// assertions then say what is missing). PocketBase hands each request's
// log line to a goroutine of its own and writes its batch every 3 s, so
// a fixed sleep races a loaded machine; this flushes the batch and reads
// again until the rows are there.
func PBLogs(t testing.TB, app core.App, query string, until func(rows []string) bool) []string {
	t.Helper()
	var rows []string
	for end := time.Now().Add(PBLogsWait); ; time.Sleep(50 * time.Millisecond) {
		if h, ok := app.Logger().Handler().(*logger.BatchHandler); ok {
			if err := h.WriteAll(context.Background()); err != nil {
				t.Fatalf("flushing PocketBase's log batch: %v", err)
			}
		}
		rows = nil
		if err := app.AuxDB().NewQuery(query).Column(&rows); err != nil {
			t.Fatalf("reading _logs: %v", err)
		}
		if until(rows) || time.Now().After(end) {
			return rows
		}
	}
}
