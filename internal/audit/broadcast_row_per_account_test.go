package audit_test

import (
	"strings"
	"testing"

	"memberbase/internal/testapp"
)

// TestABroadcastIsOneRowPerAccount: a realtime message that reaches one
// staff account on two connections (two open tabs) and a superuser is one
// row per account, not one per connection.
func TestABroadcastIsOneRowPerAccount(t *testing.T) {
	s := serve(t, nil)
	staffID, staffTok := account(t, s.app, "viewer")
	suID, suTok := account(t, s.app, "superuser")
	conns := []*sse{
		subscribe(t, s, staffTok, "members/*", nil),
		subscribe(t, s, staffTok, "members/*", nil),
		subscribe(t, s, suTok, "members/*", nil),
	}

	seq := lastSeq(t, s.app)
	m := testapp.SaveMember(t, s.app, nil)
	for i, c := range conns {
		if msg := c.next(t, "members/*"); !strings.Contains(msg, m.Id) {
			t.Fatalf("connection %d: message %s", i, msg)
		}
	}
	var reads []auditRow
	for _, r := range rowsAfter(t, s.app, seq) {
		if r.Action != "create" {
			reads = append(reads, r)
		}
	}
	if len(reads) != 2 {
		t.Fatalf("want one realtime row per account, got %+v", reads)
	}
	if reads[0].ActorType != "staff" {
		reads[0], reads[1] = reads[1], reads[0]
	}
	only(t, reads[:1], "staff", staffID, "realtime", "members", m.Id)
	only(t, reads[1:], "superuser", suID, "realtime", "members", m.Id)
}
