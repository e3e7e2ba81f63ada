package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// privacyDashboardOrder lists privacy_requests' fields in the order an
// admin reads them in the dashboard: what, whose, where it stands, when it
// is due; the technical fields after.
var privacyDashboardOrder = []string{"id", "kind", "member_ref", "status", "due_at", "confirmed_at",
	"completed_at", "reason", "member", "expires_at"}

// privacy_requests in the dashboard: the fields an admin needs first, and
// member_ref, status and due_at shown wherever a request is referenced.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("privacy_requests")
		if err != nil {
			return err
		}
		var ordered core.FieldsList
		for _, name := range privacyDashboardOrder {
			if f := c.Fields.GetByName(name); f != nil {
				ordered = append(ordered, f)
			}
		}
		for _, f := range c.Fields {
			if ordered.GetByName(f.GetName()) == nil {
				ordered = append(ordered, f)
			}
		}
		for _, name := range []string{"member_ref", "status", "due_at"} {
			switch f := ordered.GetByName(name).(type) {
			case *core.TextField:
				f.Presentable = true
			case *core.SelectField:
				f.Presentable = true
			case *core.DateField:
				f.Presentable = true
			}
		}
		c.Fields = ordered
		return app.Save(c)
	}, nil, "1764230441_privacy_requests_dashboard.go")
}
