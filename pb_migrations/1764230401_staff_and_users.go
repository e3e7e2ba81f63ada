package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

func init() {
	m.Register(func(app core.App) error {
		staff := core.NewAuthCollection("staff")
		staff.Fields.Add(
			&core.SelectField{Name: "role", Values: []string{"viewer", "editor"}, MaxSelect: 1, Required: true},
			&core.TextField{Name: "name", Max: 100},
		)
		staff.Fields.Add(timestamps()...)
		// No public sign-up: superusers create staff accounts in the dashboard.
		staff.ListRule = rule("id = @request.auth.id")
		staff.ViewRule = rule("id = @request.auth.id")
		staff.CreateRule = nil
		staff.UpdateRule = nil
		staff.DeleteRule = nil
		staff.ManageRule = nil
		staff.OAuth2.Enabled = false
		if err := app.Save(staff); err != nil {
			return err
		}
		return lockUsers(app, true)
	}, func(app core.App) error {
		if err := lockUsers(app, false); err != nil {
			return err
		}
		return deleteCollections(app, "staff")
	}, "1764230401_staff_and_users.go")
}

// lockUsers closes PocketBase's default `users` collection (public sign-up,
// password auth) or restores its defaults on the way down. Members have no
// accounts, so nothing may authenticate against it.
func lockUsers(app core.App, lock bool) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return nil // removed by an operator: nothing to lock
	}
	owner := rule("id = @request.auth.id")
	if lock {
		users.ListRule, users.ViewRule, users.CreateRule, users.UpdateRule, users.DeleteRule = nil, nil, nil, nil, nil
	} else {
		users.ListRule, users.ViewRule, users.CreateRule, users.UpdateRule, users.DeleteRule = owner, owner, rule(""), owner, owner
	}
	users.PasswordAuth.Enabled = !lock
	users.OTP.Enabled = false
	users.OAuth2.Enabled = false
	return app.Save(users)
}
