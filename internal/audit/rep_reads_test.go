package audit_test

import (
	"slices"
	"testing"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// TestRepReadsAreAuditedAsRep lists and views branch_members as a rep: one
// row per request, like members, and the member's access history names the
// actor "rep", never the account.
func TestRepReadsAreAuditedAsRep(t *testing.T) {
	s := serve(t, nil)
	branch := saveRecord(t, s.app, "branches", map[string]any{"name": "Depot", "code": "depot"})
	m := testapp.SaveMember(t, s.app, map[string]any{"branch": branch.Id})
	other := testapp.SaveMember(t, s.app, map[string]any{"email": "other@example.org"})
	repID, _ := account(t, s.app, "rep")
	rec, err := s.app.FindRecordById("staff", repID)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set("branches", []string{branch.Id})
	if err := s.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	tok, err := rec.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}

	seq := lastSeq(t, s.app)
	if code, body := s.do(t, "GET", "/api/collections/branch_members/records", tok, nil); code != 200 {
		t.Fatalf("rep list: %d %s", code, body)
	}
	only(t, rowsAfter(t, s.app, seq), audit.ActorStaff, repID, audit.ActionList, "branch_members", m.Id)
	seq = lastSeq(t, s.app)
	if code, _ := s.do(t, "GET", "/api/collections/branch_members/records/"+m.Id, tok, nil); code != 200 {
		t.Fatalf("rep view: %d", code)
	}
	only(t, rowsAfter(t, s.app, seq), audit.ActorStaff, repID, audit.ActionView, "branch_members", m.Id)

	got, err := audit.AccessHistory(s.app, m.Id)
	if err != nil {
		t.Fatal(err)
	}
	var reads []string
	for _, h := range got {
		if h.Actor == audit.KindRep {
			reads = append(reads, h.Action)
		}
	}
	if !slices.Equal(reads, []string{"list", "view"}) {
		t.Errorf("rep entries %v in %+v, want list and view", reads, got)
	}
	if h, _ := audit.AccessHistory(s.app, other.Id); slices.ContainsFunc(h, func(e audit.HistoryEntry) bool { return e.Actor == audit.KindRep }) {
		t.Errorf("a member outside the branch shows rep reads: %+v", h)
	}
}
