package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// TestManageBranch: the manage page shows the member's branch (a private one
// too) and offers it with the public ones; the member can change it to a
// public branch or to none, not to a private one; a form without the field
// leaves it alone.
func TestManageBranch(t *testing.T) {
	var member *core.Record
	var office, north, south *core.Record
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		office = saveBranch(t, app, "Head Office", "office", false)
		north = saveBranch(t, app, "North Depot", "north", true)
		south = saveBranch(t, app, "South Depot", "south", true)
		saveBranch(t, app, "Secret Site", "secret", false)
		member = testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042", "branch": office.Id})
	})
	b := &browser{s: s}
	csrf, tok := b.openManageLink(srv)
	_, page := b.do("GET", "/manage?token="+tok, nil, nil)
	if !contains(page, "<dt>Branch</dt><dd>Head Office</dd>", `<option value="`+office.Id+`" selected>Head Office</option>`,
		`<option value="`+north.Id+`">North Depot</option>`, `<option value="`+south.Id+`">South Depot</option>`) || strings.Contains(page, "Secret Site") {
		t.Fatalf("manage page branch:\n%s", page)
	}
	details := func(kv ...string) (*http.Response, string) {
		return b.manage(csrf, tok, "details", append([]string{"first_name", "Ada", "last_name", "Lovelace"}, kv...)...)
	}
	secret, _ := s.app.FindFirstRecordByData("branches", "code", "secret")
	if resp, page := details("branch_shown", "1", "branch", secret.Id); resp.StatusCode != http.StatusUnprocessableEntity || !contains(page, "Choose a branch from the list.") {
		t.Fatalf("private branch chosen: %d\n%s", resp.StatusCode, page)
	}
	if got := s.memberField(member.Id, "branch"); got != office.Id {
		t.Fatalf("a refused choice changed the branch to %q", got)
	}
	if resp, page := details("branch_shown", "1", "branch", north.Id); resp.StatusCode != 200 || !contains(page, "<dt>Branch</dt><dd>North Depot</dd>") {
		t.Fatalf("change branch: %d\n%s", resp.StatusCode, page)
	}
	if got := s.memberField(member.Id, "branch"); got != north.Id {
		t.Errorf("branch %q, want north", got)
	}
	details() // a form without the field
	if got := s.memberField(member.Id, "branch"); got != north.Id {
		t.Errorf("a form without the field changed the branch to %q", got)
	}
	details("branch_shown", "1", "branch", "")
	if got := s.memberField(member.Id, "branch"); got != "" {
		t.Errorf("branch %q, want none", got)
	}
}
