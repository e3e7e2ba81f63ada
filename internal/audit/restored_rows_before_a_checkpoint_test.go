package audit_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestRestoredRowsBeforeACheckpointAreNamed: rows pruned away and put back
// from an old backup (an earlier checkpoint and the rows after it) leave
// the newer checkpoint in the middle of the chain, and `audit verify` says
// so at that checkpoint, rather than only that a prev_hash does not match.
func TestRestoredRowsBeforeACheckpointAreNamed(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	ledger := filepath.Join(t.TempDir(), "ledger.jsonl")

	saveMembers(t, app, "old", 5) // seq 1–5
	if _, err := l.Prune(afterNow()); err != nil {
		t.Fatal(err)
	}
	saveMembers(t, app, "mid", 5) // seq 6–10, after the checkpoint at 5
	exec(t, app, "CREATE TABLE backup_rows AS SELECT * FROM audit_log WHERE seq < 10")
	if _, err := l.Prune(afterNow()); err != nil { // checkpoint at 10
		t.Fatal(err)
	}
	saveMembers(t, app, "new", 1) // seq 11
	exec(t, app, "INSERT INTO audit_log SELECT * FROM backup_rows")
	anchor(t, app, ledger)

	_, err := verify(t, app, ledger)
	var b *audit.BrokenError
	if !errors.As(err, &b) || b.Seq != 10 || !strings.Contains(b.Reason, "checkpoint in the middle") {
		t.Fatalf("got %v, want row seq 10 broken as a checkpoint in the middle of the chain", err)
	}
}
