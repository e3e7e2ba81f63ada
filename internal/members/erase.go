package members

import (
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// keptOnErase are the member fields an erasure keeps: the tombstone. Every
// other field, including any added to the collection later, is cleared.
var keptOnErase = map[string]bool{
	"id": true, FieldMemberID: true, FieldStatus: true, "created": true, "updated": true,
}

// EraseHook runs inside an erasure's transaction, after the member row is
// cleared (member holds the erased state; Original() is not reliable), with
// the address the member had. An error rolls the whole erasure back.
type EraseHook func(txApp core.App, member *core.Record, email string) error

// Eraser is the shared erasure (SPEC §6, §9): approved deletions, leaving
// plus ERASE_LEFT_AFTER and dashboard deletes all use it. Features add their
// own clean-up through OnErase (registered by hooks), so nothing here
// imports a feature package.
type Eraser struct {
	Suppression Suppression
	// LedgerPath is the restore-safety ledger recording each erasure and
	// member delete in its transaction, before the commit ("" records
	// nothing).
	LedgerPath string
	// OnErase runs in order inside the transaction.
	OnErase []EraseHook
	// Now is the clock; default time.Now.
	Now func() time.Time
}

const eraserKey = "memberbase.members.eraser"

// AttachEraser makes e the app's eraser (hooks do it at start-up).
func AttachEraser(app core.App, e *Eraser) { app.Store().Set(eraserKey, e) }

// EraserFrom returns the eraser attached to app.
func EraserFrom(app core.App) (*Eraser, error) {
	e, ok := app.Store().Get(eraserKey).(*Eraser)
	if !ok || e == nil {
		return nil, errors.New("members: no eraser attached to this app")
	}
	return e, nil
}

func (e *Eraser) now() time.Time {
	if e.Now == nil {
		return time.Now().UTC()
	}
	return e.Now().UTC()
}

// Erase erases member inside txApp's transaction: every field but the
// tombstone cleared (the photo with it, deleted from storage after commit),
// status erased, the address's outbox rows cancelled and redacted, the
// address suppressed for imports, then the OnErase hooks, and last the
// ledger entry (fsynced before the caller commits). Erasing an erased
// member changes nothing. The caller commits; the WAL checkpoint follows
// the commit (see [Checkpoint]).
func (e *Eraser) Erase(txApp core.App, member *core.Record) error {
	if !txApp.IsTransactional() {
		return errors.New("members: erase must run inside a transaction")
	}
	if member.GetString(FieldStatus) == StatusErased {
		return nil
	}
	// The binary opens every connection with secure_delete on; an app
	// opened otherwise (an embedder, a test app) gets it here, on the
	// writing connection, so the cleared cells are zeroed all the same.
	if _, err := txApp.DB().NewQuery("PRAGMA secure_delete = ON").Execute(); err != nil {
		return fmt.Errorf("erase: secure_delete: %w", err)
	}
	email := member.GetString(FieldEmail)
	for _, f := range member.Collection().Fields {
		if !keptOnErase[f.GetName()] {
			member.Set(f.GetName(), nil)
		}
	}
	member.Set(FieldStatus, StatusErased)
	if err := txApp.Save(member); err != nil {
		return fmt.Errorf("erase: member: %w", err)
	}
	if err := e.forgetAddress(txApp, email); err != nil {
		return err
	}
	if err := e.Suppression.Add(txApp, email); err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	for _, h := range e.OnErase {
		if err := h(txApp, member, email); err != nil {
			return fmt.Errorf("erase: %w", err)
		}
	}
	return e.record(txApp, member, LedgerErase)
}

// CleanUpDelete is the clean-up of a member delete (dashboard or REST,
// superusers only), run in the delete's transaction before the row goes:
// the address's outbox rows cancelled and redacted, then the OnErase hooks
// (export files, open requests). PocketBase deletes the photo itself.
func (e *Eraser) CleanUpDelete(txApp core.App, member *core.Record) error {
	email := member.GetString(FieldEmail)
	if err := e.forgetAddress(txApp, email); err != nil {
		return err
	}
	for _, h := range e.OnErase {
		if err := h(txApp, member, email); err != nil {
			return fmt.Errorf("delete clean-up: %w", err)
		}
	}
	return nil
}

// forgetAddress cancels and redacts the address's outbox rows.
func (e *Eraser) forgetAddress(txApp core.App, email string) error {
	if err := outbox.RedactAddress(txApp, email, e.now()); err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	return nil
}

// Checkpoint copies the WAL into data.db and truncates it, so with
// secure_delete on nothing an erasure cleared stays readable in either
// file. It runs after the erasure's commit.
// A reader still on an older snapshot makes SQLite answer busy without
// copying every frame: the checkpoint is then tried again, a few times.
func Checkpoint(app core.App) error {
	for try := 0; ; try++ {
		var res struct {
			Busy int `db:"busy"`
			Log  int `db:"log"`
			Done int `db:"checkpointed"`
		}
		err := app.NonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").One(&res)
		if err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		if res.Busy == 0 {
			return nil
		}
		if try == 50 {
			return errors.New("checkpoint: the database stayed busy")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
