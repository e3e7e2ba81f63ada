package audit_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// afterNow returns a time strictly after every row written so far (rows are
// stamped to the millisecond).
func afterNow() time.Time {
	t := time.Now()
	for time.Now().Truncate(time.Millisecond).Equal(t.Truncate(time.Millisecond)) {
		time.Sleep(time.Millisecond)
	}
	return time.Now()
}

func saveMembers(t *testing.T, app core.App, prefix string, n int) {
	t.Helper()
	for i := range n {
		testapp.SaveMember(t, app, map[string]any{"email": fmt.Sprintf("%s%d@example.org", prefix, i)})
	}
}

func TestPruningLeavesAVerifiableChain(t *testing.T) {
	app, _ := testapp.New(t, nil)
	l := audit.From(app)
	ledger := filepath.Join(t.TempDir(), "ledger.jsonl")

	saveMembers(t, app, "old", 5) // seq 1–5
	anchor(t, app, ledger)        // anchors seq 5, pruned below
	cutoff := afterNow()
	saveMembers(t, app, "new", 3) // seq 6–8

	n, err := l.Prune(cutoff)
	if err != nil || n != 5 {
		t.Fatalf("pruned %d rows: %v", n, err)
	}
	rows := rowsAfter(t, app, 0)
	if len(rows) != 4 || rows[0].Seq != 5 || rows[0].Action != "checkpoint" || !strings.Contains(rows[0].Detail, "pruned 5 rows") {
		t.Fatalf("after pruning: %+v", rows)
	}
	anchor(t, app, ledger)
	rep, err := verify(t, app, ledger)
	if err != nil || rep.First != 5 || rep.Last != 8 || rep.Rows != 4 || rep.Anchors != 1 {
		t.Fatalf("verify after pruning: %+v %v", rep, err)
	}

	// New rows chain onto the checkpoint; a second pruning replaces it.
	saveMembers(t, app, "newer", 2) // seq 9–10
	if n, err := l.Prune(afterNow()); err != nil || n != 6 {
		t.Fatalf("second pruning: %d %v", n, err)
	}
	if n, err := l.Prune(afterNow()); err != nil || n != 0 {
		t.Fatalf("pruning with only the checkpoint left: %d %v", n, err)
	}
	saveMembers(t, app, "last", 1) // seq 11
	rep, err = verify(t, app, ledger)
	if err != nil || rep.First != 10 || rep.Last != 11 {
		t.Fatalf("verify after the second pruning: %+v %v", rep, err)
	}

	// Deleting the checkpoint (to hide what it stands for) is caught.
	exec(t, app, "DELETE FROM audit_log WHERE action = 'checkpoint'")
	var b *audit.BrokenError
	if _, err := verify(t, app, ledger); !errors.As(err, &b) || b.Seq != 11 {
		t.Fatalf("missing checkpoint: %v", err)
	}
}
