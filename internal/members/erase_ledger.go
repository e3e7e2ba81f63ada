package members

import (
	"fmt"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// record appends member's erasure or delete (kind) to the ledger inside
// txApp's transaction, fsynced before the commit: a crash between the
// commit and a later append would forget an erasure a restore must redo.
// The price is the other window: a transaction that rolls back leaves an
// entry for something that did not happen. While the process lives, the
// rollback appends an [LedgerAborted] entry naming it, so replay skips it;
// only a crash before the commit leaves the entry standing, and replay then
// erases or deletes what an admin or the member asked for ("over-apply
// rather than forget", docs/privacy.md). An append that fails fails the
// erasure or delete.
func (e *Eraser) record(txApp core.App, member *core.Record, kind string) error {
	if e.LedgerPath == "" {
		return nil
	}
	entry := LedgerEntry{Kind: kind, Time: e.now(), ID: core.GenerateDefaultRandomId(),
		RecordID: member.Id, MemberID: member.GetString(FieldMemberID)}
	if err := appendLedger(e.LedgerPath, entry); err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	if info := txApp.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				return nil
			}
			abort := LedgerEntry{Kind: LedgerAborted, Time: e.now(), Aborts: entry.ID, RecordID: entry.RecordID}
			if err := appendLedger(e.LedgerPath, abort); err != nil {
				// Logged, not returned: the rollback stands, and replay
				// will over-apply this one entry.
				txApp.Logger().Error("ledger: could not record a rolled-back erasure", slog.String("kind", kind),
					slog.String("record", member.Id), slog.Any("error", err))
			}
			return nil
		})
	}
	return nil
}

// Deleted appends the delete of member to the ledger inside txApp's
// transaction, after the row is gone and before the commit (see record).
func (e *Eraser) Deleted(txApp core.App, member *core.Record) error {
	return e.record(txApp, member, LedgerDelete)
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
