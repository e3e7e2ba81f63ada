package members

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// ReserveAhead is how far past the number handed out a reservation marks:
// a create costs an fsync once per this many members.
const ReserveAhead = 100

// Reserver appends member-ID reservations to the ledger (SPEC §9): before
// the sequence passes the last mark, mark = number + [ReserveAhead] is
// appended and fsynced, so a restored backup never hands a number out
// twice. The zero Path reserves nothing.
type Reserver struct {
	Path   string
	mu     sync.Mutex
	mark   int64
	loaded bool
}

const reserverKey = "memberbase.members.reserver"

// AttachReserver makes r the app's reserver (hooks do it at start-up).
func AttachReserver(app core.App, r *Reserver) { app.Store().Set(reserverKey, r) }

// ReserverFrom returns the reserver attached to app, or nil.
func ReserverFrom(app core.App) *Reserver {
	r, _ := app.Store().Get(reserverKey).(*Reserver)
	return r
}

// Ensure makes sure number n is covered by a mark in the ledger.
func (r *Reserver) Ensure(n int64) error {
	if r == nil || r.Path == "" {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.loaded {
		entries, err := ReadLedger(r.Path)
		if err != nil {
			return err
		}
		r.mark, r.loaded = lastMark(entries), true
	}
	if n <= r.mark {
		return nil
	}
	next := n + ReserveAhead
	if err := appendLedger(r.Path, LedgerEntry{Kind: LedgerReserve, Mark: next}); err != nil {
		return err
	}
	r.mark = next
	return nil
}

func lastMark(entries []LedgerEntry) int64 {
	var m int64
	for _, e := range entries {
		if e.Kind == LedgerReserve {
			m = max(m, e.Mark)
		}
	}
	return m
}

// ReplayResult counts what a replay did.
type ReplayResult struct {
	Erased, Deleted int
	Sequence        int64
}

// Replay applies the ledger at path to app after a restore (at start-up,
// before the listener and the workers): members erased or deleted in the
// ledger but present in the database are erased or deleted again (with
// every clean-up), and the sequence moves past the last mark. An entry
// whose transaction is known to have rolled back ([LedgerAborted]) is
// skipped; one left by a crash before its commit is applied.
func (e *Eraser) Replay(app core.App, path string) (ReplayResult, error) {
	var res ReplayResult
	entries, err := ReadLedger(path)
	if err != nil {
		return res, err
	}
	aborted := map[string]bool{}
	for _, en := range entries {
		if en.Kind == LedgerAborted {
			aborted[en.Aborts] = true
		}
	}
	for _, en := range entries {
		if en.Kind != LedgerErase && en.Kind != LedgerDelete || (en.ID != "" && aborted[en.ID]) {
			continue
		}
		m, err := app.FindRecordById("members", en.RecordID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return res, fmt.Errorf("ledger replay: %w", err)
		}
		if en.Kind == LedgerDelete {
			if err := app.Delete(m); err != nil {
				return res, fmt.Errorf("ledger replay: delete %s: %w", en.RecordID, err)
			}
			res.Deleted++
			continue
		}
		if m.GetString(FieldStatus) == StatusErased {
			continue
		}
		if err := app.RunInTransaction(func(tx core.App) error { return e.Erase(tx, m) }); err != nil {
			return res, fmt.Errorf("ledger replay: erase %s: %w", en.RecordID, err)
		}
		res.Erased++
	}
	if mark := lastMark(entries); mark > 0 {
		if err := app.RunInTransaction(func(tx core.App) error { return AdvancePast(tx, mark) }); err != nil {
			return res, fmt.Errorf("ledger replay: %w", err)
		}
	}
	res.Sequence, err = Current(app)
	return res, err
}
