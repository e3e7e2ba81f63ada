package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// saveBranch saves a branch with name, code and public.
func saveBranch(t *testing.T, app core.App, name, code string, public bool) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("branches")
	if err != nil {
		t.Fatal(err)
	}
	b := core.NewRecord(col)
	b.Set("name", name)
	b.Set("code", code)
	b.Set("public", public)
	if err := app.Save(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestJoinBranchSelect: without public branches the form has no branch
// field; with them an optional select lists only the public ones; an
// unknown choice is refused, and the chosen branch reaches the member at
// confirmation.
func TestJoinBranchSelect(t *testing.T) {
	s := newJoinSite(t, nil)
	saveBranch(t, s.app, "Head Office", "head-office", false)
	if _, page := s.req("GET", "/join", nil, nil); strings.Contains(page, `name="branch"`) {
		t.Fatal("a branch field without public branches")
	}
	depot := saveBranch(t, s.app, "North Depot", "north", true)

	_, page := s.req("GET", "/join", nil, nil)
	if !contains(page, `<select id="branch" name="branch">`, `<option value="">Not sure / none</option>`, `<option value="`+depot.Id+`">North Depot</option>`) || strings.Contains(page, "Head Office") {
		t.Fatalf("branch select:\n%s", page)
	}
	resp, page := s.postForm("/join", "/join", joinFields("ada@example.org", "branch", "not-a-branch"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !contains(page, `id="branch-error"`, "Choose a branch from the list") {
		t.Fatalf("unknown branch: %d\n%s", resp.StatusCode, page)
	}

	s.join("ada@example.org", "branch", depot.Id)
	path, _ := link(t, s.mail(1))
	if resp, body := s.confirm(path); resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, body)
	}
	m, err := s.app.FindFirstRecordByData("members", "email", "ada@example.org")
	if err != nil || m.GetString("branch") != depot.Id {
		t.Fatalf("member branch %q, %v", m.GetString("branch"), err)
	}
}
