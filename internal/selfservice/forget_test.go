package selfservice_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

// seedTokens gives member a manage link and an email change.
func seedTokens(t *testing.T, app core.App, member string) {
	t.Helper()
	for _, col := range []string{selfservice.LinksCollection, selfservice.ChangesCollection} {
		c, err := app.FindCollectionByNameOrId(col)
		if err != nil {
			t.Fatal(err)
		}
		_, hash, _ := token.New()
		r := core.NewRecord(c)
		r.Set("member", member)
		r.Set("token_hash", hash)
		r.Set("expires_at", time.Now().Add(time.Hour))
		if col == selfservice.ChangesCollection {
			r.Set("new_email", "new@example.org")
			r.Set("status", selfservice.ChangeMailed)
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, app core.App, col string) int64 {
	t.Helper()
	n, err := app.CountRecords(col)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// ForgetMember (called by the shared erasure) deletes the member's manage
// links and email changes, nobody else's.
func TestForgetMemberDeletesLinksAndChanges(t *testing.T) {
	app, _ := testapp.New(t, nil)
	ada := testapp.SaveMember(t, app, nil)
	bob := testapp.SaveMember(t, app, map[string]any{"email": "bob@example.org"})
	seedTokens(t, app, ada.Id)
	seedTokens(t, app, bob.Id)
	if err := app.RunInTransaction(func(tx core.App) error { return selfservice.ForgetMember(tx, ada.Id) }); err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{selfservice.LinksCollection, selfservice.ChangesCollection} {
		if n := count(t, app, col); n != 1 {
			t.Errorf("%s: %d rows, want bob's only", col, n)
		}
	}
}

// Deleting a member deletes its links and changes (cascade).
func TestMemberDeleteCascades(t *testing.T) {
	app, _ := testapp.New(t, nil)
	ada := testapp.SaveMember(t, app, nil)
	seedTokens(t, app, ada.Id)
	if err := app.Delete(ada); err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{selfservice.LinksCollection, selfservice.ChangesCollection} {
		if n := count(t, app, col); n != 0 {
			t.Errorf("%s: %d rows left", col, n)
		}
	}
}
