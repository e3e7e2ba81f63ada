package audit

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Prune deletes the rows created before cutoff and puts a checkpoint row in
// place of the newest of them, in one transaction. The checkpoint takes that
// row's seq and keeps its hash as prev_hash (the value the next kept row
// chains to), and is signed like any row: the chain verifies from it, and
// nobody without the key can move it. It returns how many rows went.
func (l *Log) Prune(cutoff time.Time) (int64, error) {
	var pruned int64
	err := l.app.RunInTransaction(func(tx core.App) error {
		var last row
		err := tx.DB().NewQuery("SELECT seq, id, hash, prev_hash, action FROM {{" + Collection + "}} WHERE created < {:cutoff} ORDER BY seq DESC LIMIT 1").
			Bind(dbx.Params{"cutoff": cutoff.UTC().Format(types.DefaultDateLayout)}).One(&last)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && last.Action == ActionCheckpoint) {
			return nil // nothing older than cutoff but the checkpoint
		}
		if err != nil {
			return fmt.Errorf("audit: prune: %w", err)
		}
		res, err := tx.DB().NewQuery("DELETE FROM {{" + Collection + "}} WHERE seq <= {:seq}").Bind(dbx.Params{"seq": last.Seq}).Execute()
		if err != nil {
			return fmt.Errorf("audit: prune: %w", err)
		}
		if pruned, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("audit: prune: %w", err)
		}
		cp := row{
			Seq: last.Seq, ID: core.GenerateDefaultRandomId(), Created: types.NowDateTime().String(),
			ActorType: ActorSystem, Action: ActionCheckpoint, Target: Collection,
			Detail:   fmt.Sprintf("pruned %d rows up to seq %d, created before %s", pruned, last.Seq, cutoff.UTC().Format(time.RFC3339)),
			PrevHash: last.link(),
		}
		cp.Hash = cp.sum(l.keys.Sign)
		params := dbx.Params{}
		values := bindRow(params, "0", &cp)
		_, err = tx.DB().NewQuery("INSERT INTO {{" + Collection + "}} ([[" + joinColumns() + "]]) VALUES " + values).Bind(params).Execute()
		if err != nil {
			return fmt.Errorf("audit: checkpoint: %w", err)
		}
		return nil
	})
	return pruned, err
}
