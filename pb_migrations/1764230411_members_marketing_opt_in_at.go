package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// members.marketing_opt_in_at records when the one consent (SPEC §13) was
// given: set by the members hook whenever marketing_opt_in turns on,
// cleared when it turns off.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		pos := len(c.Fields)
		for i, f := range c.Fields {
			if f.GetName() == "marketing_opt_in" {
				pos = i + 1
			}
		}
		c.Fields.AddAt(pos, &core.DateField{Name: "marketing_opt_in_at"})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("marketing_opt_in_at")
		return app.Save(c)
	}, "1764230411_members_marketing_opt_in_at.go")
}
