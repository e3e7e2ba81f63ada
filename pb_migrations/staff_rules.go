package pb_migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// allowListStaffRules rewrites every rule that lets any staff account in
// (`@request.auth.collectionName = 'staff'` with no role named) into the
// viewer/editor allow-list, on every collection, so the rep role added
// with branches gets nothing it is not given by name.
func allowListStaffRules(app core.App) error {
	cols, err := app.FindAllCollections()
	if err != nil {
		return err
	}
	for _, c := range cols {
		changed := false
		for _, r := range []**string{&c.ListRule, &c.ViewRule, &c.CreateRule, &c.UpdateRule, &c.DeleteRule} {
			if *r == nil || !strings.Contains(**r, ruleStaff) || strings.Contains(**r, "@request.auth.role") {
				continue
			}
			*r = rule(strings.ReplaceAll(**r, ruleStaff, "("+ruleStaffReaders+")"))
			changed = true
		}
		if !changed {
			continue
		}
		if err := app.Save(c); err != nil {
			return err
		}
	}
	return nil
}
