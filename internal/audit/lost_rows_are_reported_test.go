package audit_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestRowsTheDatabaseRefusesAreRetriedThenReported: read rows the database
// will not take are tried again for three quarters of a second (50, 100,
// 200 and 400 ms apart: a busy database frees up meanwhile), then reported
// to monitoring and in the log with how many were lost, never dropped
// silently; once the database takes rows again, the log goes on.
func TestRowsTheDatabaseRefusesAreRetriedThenReported(t *testing.T) {
	app, _ := testapp.New(t, nil)
	var logged bytes.Buffer
	var reported []error
	l := audit.New(app, audit.From(app).Keys(), audit.Options{
		Logger:  slog.New(slog.NewTextHandler(&logged, nil)),
		OnError: func(err error) { reported = append(reported, err) },
	})
	m := testapp.SaveMember(t, app, nil)
	seq := lastSeq(t, app)
	read := audit.Entry{Actor: audit.Actor{Type: audit.ActorSystem}, Action: audit.ActionView, Target: "members", RecordIDs: []string{m.Id}}

	exec(t, app, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'database is locked'); END")
	start := time.Now()
	l.Queue(read, read) // the queue is stopped: it writes now
	if took := time.Since(start); took < 750*time.Millisecond {
		t.Errorf("rows given up after %v of retries, want 750 ms", took)
	}
	if len(reported) != 1 || !strings.Contains(reported[0].Error(), "2 read rows not written") ||
		!strings.Contains(reported[0].Error(), "database is locked") {
		t.Errorf("reported to monitoring: %v", reported)
	}
	if s := logged.String(); !strings.Contains(s, "audit rows lost") || !strings.Contains(s, "rows=2") {
		t.Errorf("log: %q", s)
	}

	exec(t, app, "DROP TRIGGER refuse_audit")
	l.Queue(read)
	if n := len(rowsAfter(t, app, seq)); n != 1 || len(reported) != 1 {
		t.Errorf("after the database recovered: %d rows, %d reports", n, len(reported))
	}
}
