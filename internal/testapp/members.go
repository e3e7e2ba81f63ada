package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// NewMember returns an unsaved member with valid defaults (Ada Lovelace,
// ada@example.org, active), overridden by fields.
func NewMember(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCachedCollectionByNameOrId("members")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("first_name", "Ada")
	r.Set("last_name", "Lovelace")
	r.Set("email", "ada@example.org")
	r.Set("status", "active")
	for k, v := range fields {
		r.Set(k, v)
	}
	return r
}

// SaveMember is [NewMember] saved through app.Save (the server's path, so
// server-owned fields such as member_id may be given).
func SaveMember(t testing.TB, app core.App, fields map[string]any) *core.Record {
	t.Helper()
	r := NewMember(t, app, fields)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}
