package audit

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/recordid"
)

// columns are the audit_log columns one insert writes, in order.
var columns = []string{"id", "seq", "created", "updated", "actor_type", "actor", "action", "target",
	"record_ids", "fields", "request_id", "detail", "prev_hash", "hash"}

// appendRows chains entries after the newest row and inserts them with one
// prepared single-row statement. app must be a transaction: the newest row
// is read under its write lock (BEGIN IMMEDIATE, and PocketBase's single
// writer connection), so concurrent writers chain one after the other and
// never fork. A multi-row statement cost more per row (SQLite keeps a
// statement journal for it, and its large program is allocated and freed
// through mmap on each run). Row ids sort by time ([recordid.New]): new
// rows share the primary-key index's last pages instead of one random
// page each.
func appendRows(app core.App, key []byte, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	if !app.IsTransactional() {
		return errors.New("audit: append outside a transaction")
	}
	prev, err := newest(app)
	if err != nil {
		return err
	}
	now := types.NowDateTime().String()
	var q *dbx.Query
	for _, e := range entries {
		created := now
		if !e.At.IsZero() {
			created = e.At.UTC().Format(types.DefaultDateLayout)
		}
		r := row{
			Seq: prev.Seq + 1, ID: recordid.New(time.Now()), Created: created,
			ActorType: e.Actor.Type, Actor: e.Actor.ID, Action: e.Action, Target: e.Target,
			RecordIDs: e.RecordIDs, Fields: e.Fields, RequestID: e.RequestID, Detail: e.Detail,
			PrevHash: prev.link(),
		}
		r.Hash = r.sum(key)
		params := dbx.Params{}
		values := bindRow(params, "0", &r)
		if q == nil {
			q = app.DB().NewQuery("INSERT INTO {{" + Collection + "}} ([[" + joinColumns() + "]]) VALUES " + values)
			if len(entries) > 1 {
				q = q.Prepare()
				defer q.Close()
			}
		}
		if _, err := q.Bind(params).Execute(); err != nil {
			return fmt.Errorf("audit: insert: %w", err)
		}
		prev = r
	}
	return nil
}

func joinColumns() string { return strings.Join(columns, "]], [[") }

// bindRow adds one row's values to params under the suffix n and returns
// its VALUES tuple.
func bindRow(params dbx.Params, n string, r *row) string {
	ids, _ := json.Marshal(r.RecordIDs)
	fields, _ := json.Marshal(r.Fields)
	vals := []any{r.ID, r.Seq, r.Created, r.Created, r.ActorType, r.Actor, r.Action, r.Target,
		string(ids), string(fields), r.RequestID, r.Detail, r.PrevHash, r.Hash}
	ph := make([]string, len(columns))
	for i, c := range columns {
		name := c + "_" + n
		params[name] = vals[i]
		ph[i] = "{:" + name + "}"
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// newest returns the newest row (Seq 0 when the log is empty).
func newest(app core.App) (row, error) {
	var r row
	err := app.DB().NewQuery("SELECT seq, hash, prev_hash, action FROM {{" + Collection + "}} ORDER BY seq DESC LIMIT 1").One(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return row{}, nil
	}
	if err != nil {
		return row{}, fmt.Errorf("audit: newest row: %w", err)
	}
	return r, nil
}
