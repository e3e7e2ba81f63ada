package privacy_test

import (
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// TestDeletionIsDueThirtyDaysAfterConfirmation: a confirmed deletion is due
// 30 days after its confirmation (SPEC §4), the deadline the admins' digest
// counts down to. The 30 days are literal here, not the package's constant.
func TestDeletionIsDueThirtyDaysAfterConfirmation(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	confirmed := e.clock.Now()
	req := e.confirmedDeletion()
	want := confirmed.Add(30 * 24 * time.Hour).Truncate(time.Millisecond)
	if got := req.GetDateTime("due_at").Time(); !got.Equal(want) {
		t.Fatalf("due_at %s, want %s (confirmation + 30 days)", got, want)
	}
}
