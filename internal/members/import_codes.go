package members

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// planIDs resolves the plan codes of an import to record ids, before
// anything is written: an unknown code is a row problem, reported with the
// others as an [*InvalidFileError]. The members hooks then give each new
// member with a plan its first period (SPEC §15).
func planIDs(app core.App, rows []Row) (map[string]string, error) {
	return codeIDs(app, rows, "plans", FieldPlan, func(r Row) string { return r.Plan })
}

// branchIDs is [planIDs] for branch codes (SPEC §16b).
func branchIDs(app core.App, rows []Row) (map[string]string, error) {
	return codeIDs(app, rows, "branches", FieldBranch, func(r Row) string { return r.Branch })
}

// codeIDs maps the codes code(row) of rows to the ids of table's records
// with those codes; an unknown code is a problem of column.
func codeIDs(app core.App, rows []Row, table, column string, code func(Row) string) (map[string]string, error) {
	var codes []any
	for _, r := range rows {
		if c := code(r); c != "" && !slices.Contains(codes, any(c)) {
			codes = append(codes, c)
		}
	}
	ids := map[string]string{}
	if len(codes) == 0 {
		return ids, nil
	}
	var found []struct {
		ID   string `db:"id"`
		Code string `db:"code"`
	}
	if err := app.DB().Select("id", "code").From(table).Where(dbx.In("code", codes...)).All(&found); err != nil {
		return nil, fmt.Errorf("import: %s: %w", table, err)
	}
	for _, f := range found {
		ids[f.Code] = f.ID
	}
	var problems []RowError
	for _, r := range rows {
		if c := code(r); c != "" && ids[c] == "" {
			problems = append(problems, RowError{r.Line, column, fmt.Sprintf("no %s has the code %q.", column, c)})
		}
	}
	if problems != nil {
		return nil, &InvalidFileError{problems}
	}
	return ids, nil
}
