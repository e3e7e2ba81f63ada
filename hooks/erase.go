package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/members"
	"memberbase/internal/observe"
	"memberbase/internal/privacy"
)

// ledgerReplayPriority runs the ledger check and replay before every other
// serve handler but the settings save.
const ledgerReplayPriority = -10000

// bindErasure attaches the shared erasure with the privacy clean-up, runs
// the same clean-up when a member is deleted (recording the delete in the
// ledger before the commit, as the erasure does), and checkpoints the WAL
// after each erasure or delete commits, so nothing cleared stays readable.
func bindErasure(app core.App, cfg *config.Config, svc *privacy.Service) *members.Eraser {
	er := &members.Eraser{
		Suppression: members.Suppression{Keys: cfg.DerivedKeys(config.SuppressPurpose)},
		LedgerPath:  cfg.LedgerFile(app.DataDir()),
		OnErase:     []members.EraseHook{svc.OnErase},
	}
	members.AttachEraser(app, er)

	// After a restore PocketBase restarts the process: the ledger is
	// replayed before anything else serves, listens or sends. Production
	// first checks that the ledger is set, outside the data dir and
	// writable: an erasure must not commit without its record.
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id:       "memberbase.ledger.replay",
		Priority: ledgerReplayPriority,
		Func: func(se *core.ServeEvent) error {
			if err := cfg.CheckLedger(se.App.DataDir()); err != nil {
				return err
			}
			res, err := er.Replay(se.App, er.LedgerPath)
			if err != nil {
				return err
			}
			if res.Erased > 0 || res.Deleted > 0 {
				observe.From(se.App).Warn("ledger replay after a restore", "erased", res.Erased, "deleted", res.Deleted, "sequence", res.Sequence)
			}
			return se.Next()
		},
	})

	app.OnRecordDelete("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.members.deleteCleanUp",
		Func: func(e *core.RecordEvent) error {
			// The clean-up runs first: it still finds the member; the
			// ledger entry once the row is gone, still before the commit.
			return inTx(e, func(tx core.App) error {
				if err := er.CleanUpDelete(tx, e.Record); err != nil {
					return err
				}
				if err := e.Next(); err != nil {
					return err
				}
				return er.Deleted(tx, e.Record)
			})
		},
	})
	checkpoint := func(e *core.RecordEvent) error {
		if e.Record.GetString(members.FieldStatus) == members.StatusErased || e.Type == core.ModelEventTypeDelete {
			if err := members.Checkpoint(e.App); err != nil {
				observe.From(e.App).Warn("erasure: wal checkpoint failed", "error", err)
			}
		}
		return e.Next()
	}
	app.OnRecordAfterUpdateSuccess("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.members.erasedCheckpoint", Func: checkpoint,
	})
	app.OnRecordAfterDeleteSuccess("members").Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.members.deletedCheckpoint", Func: checkpoint,
	})
	return er
}
