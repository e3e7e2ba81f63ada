package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

func TestAccessHistoryMatchesTheLog(t *testing.T) {
	s := serve(t, nil)
	_, staffTok := account(t, s.app, "editor")
	_, suTok := account(t, s.app, "superuser")
	m := testapp.SaveMember(t, s.app, nil)                                              // system create
	other := testapp.SaveMember(t, s.app, map[string]any{"email": "other@example.org"}) // not theirs

	s.do(t, "GET", "/api/collections/members/records", staffTok, nil)                                            // staff list (both)
	s.do(t, "GET", "/api/collections/members/records/"+other.Id, staffTok, nil)                                  // not theirs
	s.do(t, "PATCH", "/api/collections/members/records/"+m.Id, staffTok, map[string]any{"phone": "+1 555 0100"}) // staff update
	s.do(t, "GET", "/api/collections/members/records/"+m.Id, suTok, nil)                                         // admin view
	m.Set("marketing_opt_in", true)
	if err := s.app.SaveWithContext(audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorMember, ID: m.Id}), m); err != nil {
		t.Fatal(err)
	}
	s.do(t, "POST", "/api/sql", suTok, map[string]any{"query": "SELECT 1"}) // could reach every record

	s.log.Sync()
	got, err := audit.AccessHistory(s.app, m.Id)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i, h := range got {
		if h.Date.IsZero() || (i > 0 && h.Date.Before(got[i-1].Date)) {
			t.Errorf("entry %d %+v undated or out of order", i, h)
		}
		lines = append(lines, h.Actor+" "+h.Action)
	}
	// Dates have millisecond precision: steps within one millisecond may
	// come in either order.
	want := []string{"system create", "staff list", "staff update", "admin view", "you update", "admin sql"}
	if !slices.Equal(slices.Sorted(slices.Values(lines)), slices.Sorted(slices.Values(want))) {
		t.Fatalf("history %v, want %v", lines, want)
	}

	// The same rows, read straight from the log.
	var n int
	for _, r := range rowsAfter(t, s.app, 0) {
		if (r.Target == "members" && slices.Contains(r.ids(), m.Id)) || r.Action == "sql" || r.Action == "backup" {
			n++
		}
		if strings.Contains(r.Actor, "@") {
			t.Errorf("an actor is an address: %q", r.Actor)
		}
	}
	if n != len(got) {
		t.Errorf("history has %d entries, the log %d rows about the member", len(got), n)
	}
	if other, _ := audit.AccessHistory(s.app, other.Id); len(other) != 4 { // create, list, view, sql
		t.Errorf("the other member's history: %+v", other)
	}
}
