package members

import (
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// Recorded appends a committed erasure (or, deleted, a member delete) to
// the ledger, so a restore of an older backup cannot bring the person back
// (SPEC §9). A failure is logged: the erasure itself has committed.
func (e *Eraser) Recorded(app core.App, member *core.Record, deleted bool) {
	if e.LedgerPath == "" {
		return
	}
	kind := LedgerErase
	if deleted {
		kind = LedgerDelete
	}
	entry := LedgerEntry{Kind: kind, Time: e.now(), RecordID: member.Id, MemberID: member.GetString(FieldMemberID)}
	if err := appendLedger(e.LedgerPath, entry); err != nil {
		app.Logger().Error("ledger: could not record an erasure", slog.String("kind", kind),
			slog.String("record", member.Id), slog.Any("error", err))
	}
}

// appendLedger opens the ledger at path, appends entry (fsynced) and
// closes it.
func appendLedger(path string, entry LedgerEntry) error {
	l, err := OpenLedger(path)
	if err != nil {
		return err
	}
	if err := l.Append(entry); err != nil {
		_ = l.Close()
		return err
	}
	return l.Close()
}
