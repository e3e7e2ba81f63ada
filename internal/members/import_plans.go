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
	var codes []any
	for _, r := range rows {
		if r.Plan != "" && !slices.Contains(codes, any(r.Plan)) {
			codes = append(codes, r.Plan)
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
	if err := app.DB().Select("id", "code").From("plans").Where(dbx.In("code", codes...)).All(&found); err != nil {
		return nil, fmt.Errorf("import: plans: %w", err)
	}
	for _, f := range found {
		ids[f.Code] = f.ID
	}
	var problems []RowError
	for _, r := range rows {
		if r.Plan != "" && ids[r.Plan] == "" {
			problems = append(problems, RowError{r.Line, FieldPlan, fmt.Sprintf("no plan has the code %q.", r.Plan)})
		}
	}
	if problems != nil {
		return nil, &InvalidFileError{problems}
	}
	return ids, nil
}
