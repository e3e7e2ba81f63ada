package join_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/join"
)

// TestJoinCarriesTheBranch: the public branch chosen on the form travels
// through the intake row and the join request to the member; a branch made
// private meanwhile is dropped and the join still works.
func TestJoinCarriesTheBranch(t *testing.T) {
	e := newEnv(t, nil)
	col, _ := e.app.FindCollectionByNameOrId("branches")
	depot := core.NewRecord(col)
	depot.Load(map[string]any{"name": "Depot", "code": "depot", "public": true})
	if err := e.app.Save(depot); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"ada@example.org", "bob@example.org"} {
		if err := join.Submit(e.app, join.Request{Email: email, FirstName: "A", LastName: "B",
			ConsentVersion: "1", ConsentAt: e.clock.Now(), Branch: depot.Id}); err != nil {
			t.Fatal(err)
		}
		if email == "ada@example.org" {
			e.drain()
			continue
		}
		depot.Set("public", false)
		if err := e.app.Save(depot); err != nil {
			t.Fatal(err)
		}
		e.drain()
	}
	for _, tok := range e.tokens() {
		if _, err := e.join.Confirm(e.app, tok); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.member("ada@example.org").GetString("branch"); got != depot.Id {
		t.Errorf("ada's branch %q, want %q", got, depot.Id)
	}
	if got := e.member("bob@example.org").GetString("branch"); got != "" {
		t.Errorf("withdrawn branch given: %q", got)
	}
}
