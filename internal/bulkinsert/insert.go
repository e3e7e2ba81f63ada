// Package bulkinsert writes many new records of one collection at once,
// with one prepared INSERT. A job that creates thousands of rows spent most
// of its time in PocketBase's per-record save (hooks, validation, a
// statement built and parsed for each); here the rows are stored exactly
// as a save would store them, and the caller does explicitly what the
// hooks would have done.
package bulkinsert

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/recordid"
)

// Records inserts recs, new records of one collection, in app's
// transaction, with the columns and values app.Save would write (from
// [core.Record.DBExport]). An empty id gets one that sorts by time
// ([recordid.New], so the rows of one call share index pages) and an empty
// on-create autodate the current time, as a save does. Each field's value
// is validated as a save would, except relations (one query each: the
// caller passes ids it has just read) and the id. Unlike a save it fires
// no model or record hook: no realtime event, no audit row, no webhook;
// the caller writes what those hooks would have. Afterwards the records
// are no longer new.
func Records(ctx context.Context, app core.App, recs []*core.Record) error {
	if len(recs) == 0 {
		return nil
	}
	if !app.IsTransactional() {
		return errors.New("bulkinsert: insert outside a transaction")
	}
	col := recs[0].Collection()
	now := types.NowDateTime()
	var cols []string
	rows := make([]map[string]any, len(recs))
	for i, r := range recs {
		if r.Collection().Id != col.Id || !r.IsNew() {
			return fmt.Errorf("bulkinsert: record %d is not a new %s record", i, col.Name)
		}
		if r.Id == "" {
			r.Set(core.FieldNameId, recordid.New(time.Now()))
		}
		for _, f := range col.Fields {
			if a, ok := f.(*core.AutodateField); ok && a.OnCreate && r.GetDateTime(a.Name).IsZero() {
				r.SetRaw(a.Name, now)
			}
		}
		if err := validate(ctx, app, r); err != nil {
			return err
		}
		data, err := r.DBExport(app)
		if err != nil {
			return fmt.Errorf("bulkinsert: export %s record: %w", col.Name, err)
		}
		if cols == nil {
			for k := range data {
				cols = append(cols, k)
			}
			slices.Sort(cols)
		} else if len(data) != len(cols) {
			return fmt.Errorf("bulkinsert: %s records with different columns", col.Name)
		}
		rows[i] = data
	}
	if err := insert(app, col.Name, cols, rows); err != nil {
		return err
	}
	for _, r := range recs {
		r.MarkAsNotNew()
	}
	return nil
}

// validate checks r's field values, but its relations and its id.
func validate(ctx context.Context, app core.App, r *core.Record) error {
	for _, f := range r.Collection().Fields {
		if _, rel := f.(*core.RelationField); rel || f.GetName() == core.FieldNameId {
			continue
		}
		if err := f.ValidateValue(ctx, app, r); err != nil {
			return fmt.Errorf("bulkinsert: %s.%s: %w", r.Collection().Name, f.GetName(), err)
		}
	}
	return nil
}

// insert writes rows with one prepared single-row statement. Multi-row
// statements cost more: SQLite keeps a statement journal for each (a
// statement that may fail half-way must undo its own rows), and the
// mail rows are large.
func insert(app core.App, table string, cols []string, rows []map[string]any) error {
	ph := make([]string, len(cols))
	for j, c := range cols {
		ph[j] = "{:" + c + "}"
	}
	q := app.DB().NewQuery("INSERT INTO {{" + table + "}} ([[" + strings.Join(cols, "]], [[") + "]]) VALUES (" + strings.Join(ph, ", ") + ")").Prepare()
	defer q.Close()
	for _, row := range rows {
		if _, err := q.Bind(dbx.Params(row)).Execute(); err != nil {
			return fmt.Errorf("bulkinsert: insert into %s: %w", table, err)
		}
	}
	return nil
}
