package web

import (
	"os"
	"strings"
	"testing"

	"memberbase/internal/branches"
	"memberbase/internal/dues"
)

// The join form holds slices (plans, branches), so its data is no map key:
// it states its own key, its blank form is cached like the lookup form's,
// and a changed fee or a new branch shows at once.
func TestBlankJoinFormIsCachedUntilAPlanOrBranchChanges(t *testing.T) {
	dir := t.TempDir()
	writeTemplates(t, dir, `{{define "content"}}<input value="{{.CSRFToken}}">`+
		`{{range .Data.Plans}}<label>{{.Name}} {{.Fee}}</label>{{end}}{{range .Data.Branches}}<option>{{.Name}}</option>{{end}}{{end}}`)
	r, err := NewRenderer(os.DirFS(dir), "Org", func(n string) string { return n })
	if err != nil {
		t.Fatal(err)
	}
	r.CacheBlankForms("home")
	render := func(p JoinPage) string {
		t.Helper()
		e, rec := testEvent("GET", "/join")
		e.Set(keyRequestID, "req1")
		done, err := r.renderBlank(e, 200, "home", "1767225600.tok", p)
		if err != nil || !done {
			t.Fatalf("renderBlank = %v, %v: the join form was not served as a blank form", done, err)
		}
		return rec.Body.String()
	}
	// Each rendering of a new key adds one cache entry.
	entries := func() int { return len(r.blank.cache) }
	count := render
	page := JoinPage{
		Plans:    []dues.Offer{{ID: "p1", Name: "Regular", Fee: "€ 30.00", Period: "per year"}},
		Branches: []branches.Offer{{ID: "b1", Name: "North"}},
	}
	first := count(page)
	again := count(JoinPage{Plans: append([]dues.Offer(nil), page.Plans...), Branches: append([]branches.Offer(nil), page.Branches...)})
	if first != again || entries() != 1 {
		t.Fatalf("the same plans and branches made %d cache entries (want 1)", entries())
	}
	page.Plans = []dues.Offer{{ID: "p1", Name: "Regular", Fee: "€ 35.00", Period: "per year"}}
	if out := count(page); entries() != 2 || !strings.Contains(out, "€ 35.00") {
		t.Fatalf("a changed fee was not shown (entries %d):\n%s", entries(), out)
	}
	page.Branches = append(page.Branches, branches.Offer{ID: "b2", Name: "South"})
	if out := count(page); entries() != 3 || !strings.Contains(out, "South") {
		t.Fatalf("a new branch was not shown (entries %d):\n%s", entries(), out)
	}
}
