package hooks_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// The ledger entry of an erasure or delete is fsynced before the commit. A
// failure after the append rolls the change back: while the process lives
// the rollback is recorded and a restart leaves the member alone; after a
// crash at that moment (the ledger as it was then) the restart's replay
// does what was asked.
func TestLedgerEntryIsWrittenBeforeTheCommit(t *testing.T) {
	for _, kind := range []string{members.LedgerErase, members.LedgerDelete} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			ledger, crashed := filepath.Join(dir, "ledger.jsonl"), filepath.Join(dir, "crashed.jsonl")
			env := map[string]string{"LEDGER_PATH": ledger}
			app, _ := testapp.New(t, env)
			m := testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org", "first_name": "Grace"})
			er, err := members.EraserFrom(app)
			if err != nil {
				t.Fatal(err)
			}
			injected := errors.New("injected failure before the commit")
			err = app.RunInTransaction(func(tx core.App) error {
				var err error
				if kind == members.LedgerErase {
					err = er.Erase(tx, m)
				} else {
					err = tx.Delete(m)
				}
				if err != nil {
					return err
				}
				// What the disk holds if the process dies now.
				b, err := os.ReadFile(ledger)
				if err != nil {
					return err
				}
				if err := os.WriteFile(crashed, b, 0o600); err != nil {
					return err
				}
				return injected
			})
			if !errors.Is(err, injected) {
				t.Fatalf("transaction: %v", err)
			}
			if got, err := app.FindRecordById("members", m.Id); err != nil || got.GetString("email") != "grace@example.org" {
				t.Fatalf("not rolled back: %v %v", got, err)
			}
			atCrash, err := members.ReadLedger(crashed)
			if err != nil || len(atCrash) == 0 {
				t.Fatalf("ledger at the crash: %v %v", atCrash, err)
			}
			entry := atCrash[len(atCrash)-1]
			if entry.Kind != kind || entry.RecordID != m.Id || entry.ID == "" {
				t.Fatalf("no %s entry before the commit: %+v", kind, entry)
			}
			live, err := members.ReadLedger(ledger)
			if err != nil || len(live) != len(atCrash)+1 || live[len(live)-1].Kind != members.LedgerAborted || live[len(live)-1].Aborts != entry.ID {
				t.Fatalf("the live rollback is not recorded: %+v %v", live, err)
			}

			// Restarted after the live rollback: nothing to redo.
			next := testapp.Restart(t, app, env)
			testapp.Mux(t, next)
			if got, err := next.FindRecordById("members", m.Id); err != nil || got.GetString("status") != members.StatusActive {
				t.Fatalf("a rolled-back %s was replayed: %v %v", kind, got, err)
			}

			// Restarted after a crash before the commit: the replay does
			// what was asked.
			after := testapp.Restart(t, next, map[string]string{"LEDGER_PATH": crashed})
			testapp.Mux(t, after)
			got, err := after.FindRecordById("members", m.Id)
			switch {
			case kind == members.LedgerDelete && err == nil:
				t.Errorf("the member survived the replay of its delete")
			case kind == members.LedgerErase && (err != nil || got.GetString("status") != members.StatusErased || got.GetString("email") != ""):
				t.Errorf("the member was not erased by the replay: %v %v", got, err)
			}
		})
	}
}
