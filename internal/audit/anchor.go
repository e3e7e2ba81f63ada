package audit

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// Anchor appends the newest row (id, seq, hash and the number of rows the
// chain has written since it began, pruned ones included) to the ledger
// outside the database. Removing the newest rows, which leaves a chain that
// verifies, then shows: the anchor names a row that is gone. It returns
// false when the log is empty.
func Anchor(app core.App, ledger *members.Ledger, now time.Time) (members.LedgerEntry, bool, error) {
	var r row
	err := app.DB().NewQuery("SELECT seq, id, hash FROM {{" + Collection + "}} ORDER BY seq DESC LIMIT 1").One(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return members.LedgerEntry{}, false, nil
	}
	if err != nil {
		return members.LedgerEntry{}, false, fmt.Errorf("audit: anchor: %w", err)
	}
	e := members.LedgerEntry{Kind: members.LedgerAuditAnchor, Time: now, AuditID: r.ID, AuditSeq: r.Seq, AuditHash: r.Hash, AuditRows: r.Seq}
	if err := ledger.Append(e); err != nil {
		return e, false, fmt.Errorf("audit: anchor: %w", err)
	}
	return e, true, nil
}

// Anchors returns the audit anchors among ledger entries.
func Anchors(entries []members.LedgerEntry) []members.LedgerEntry {
	var out []members.LedgerEntry
	for _, e := range entries {
		if e.Kind == members.LedgerAuditAnchor {
			out = append(out, e)
		}
	}
	return out
}
