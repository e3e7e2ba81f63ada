package card_test

import (
	"testing"

	"memberbase/internal/testapp"
)

// TestOnlyActiveAndPendingMembersGetACard: an active member and one
// waiting for approval get a card; a lapsed or cancelled one gets none,
// whatever they paid.
func TestOnlyActiveAndPendingMembersGetACard(t *testing.T) {
	e := newCardEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	for _, tc := range []struct {
		status string
		want   bool
	}{{"active", true}, {"pending_approval", true}, {"lapsed", false}, {"cancelled", false}} {
		m.Set("status", tc.status)
		if err := e.app.Save(m); err != nil {
			t.Fatal(err)
		}
		c, ok, err := e.svc.Issue(e.app, m)
		if err != nil || ok != tc.want || (c != nil) != tc.want {
			t.Errorf("status %s: card %v, ok %v, err %v; want ok %v", tc.status, c != nil, ok, err, tc.want)
		}
	}
}
