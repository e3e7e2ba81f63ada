package selfservice_test

import (
	"errors"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// saveBranch saves a branch.
func saveBranch(t *testing.T, app core.App, code string, public bool) string {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("branches")
	if err != nil {
		t.Fatal(err)
	}
	b := core.NewRecord(col)
	b.Set("name", code)
	b.Set("code", code)
	b.Set("public", public)
	if err := app.Save(b); err != nil {
		t.Fatal(err)
	}
	return b.Id
}

// Through the details form a member may keep the branch they have (a
// private one too), choose a public one or none, never another private
// one; a form that did not offer the field leaves the branch alone.
func TestDetailsBranchChoice(t *testing.T) {
	l := newLinks(t)
	office := saveBranch(t, l.app, "office", false)
	secret := saveBranch(t, l.app, "secret", false)
	north := saveBranch(t, l.app, "north", true)
	ada := testapp.SaveMember(t, l.app, map[string]any{"branch": office})
	tok := l.manageToken()
	branch := func() string {
		m, err := l.app.FindRecordById("members", ada.Id)
		if err != nil {
			t.Fatal(err)
		}
		return m.GetString("branch")
	}
	update := func(set bool, id string) error {
		_, err := l.svc.UpdateDetails(l.app, tok, selfservice.Details{FirstName: "Ada", LastName: "Lovelace", SetBranch: set, Branch: id})
		return err
	}
	if err := update(true, office); err != nil || branch() != office {
		t.Fatalf("keeping the private branch: %v, branch %q", err, branch())
	}
	var errs validation.Errors
	if err := update(true, secret); !errors.As(err, &errs) || errs["branch"] == nil || branch() != office {
		t.Fatalf("another private branch: %v, branch %q", err, branch())
	}
	if err := update(true, "nosuchbranch123"); !errors.As(err, &errs) || errs["branch"] == nil || branch() != office {
		t.Fatalf("an unknown branch: %v, branch %q", err, branch())
	}
	if err := update(true, north); err != nil || branch() != north {
		t.Fatalf("a public branch: %v, branch %q", err, branch())
	}
	if err := update(false, ""); err != nil || branch() != north {
		t.Fatalf("a form without the field: %v, branch %q", err, branch())
	}
	if err := update(true, ""); err != nil || branch() != "" {
		t.Fatalf("no branch: %v, branch %q", err, branch())
	}
}
