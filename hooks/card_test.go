package hooks_test

import (
	"testing"
	"time"

	"memberbase/internal/card"
	"memberbase/internal/testapp"
)

// TestCardClockOffsetReachesTheCards: MEMBERBASE_CARD_CLOCK_OFFSET moves the
// clock cards are signed with (the end-to-end test relies on it to age a
// QR), and without it the card clock is the real one.
func TestCardClockOffsetReachesTheCards(t *testing.T) {
	for _, tc := range []struct {
		env    map[string]string
		offset time.Duration
	}{
		{nil, 0},
		{map[string]string{"CARD_CLOCK_OFFSET": "11m"}, 11 * time.Minute},
	} {
		app, _ := testapp.New(t, tc.env)
		svc, err := card.FromApp(app)
		if err != nil {
			t.Fatal(err)
		}
		m := testapp.NewMember(t, app, map[string]any{"email": "clock@example.org"})
		if err := app.Save(m); err != nil {
			t.Fatal(err)
		}
		before := time.Now().Add(tc.offset).Truncate(time.Second)
		c, ok, err := svc.Issue(app, m)
		if err != nil || !ok {
			t.Fatalf("issue: %v %v", ok, err)
		}
		after := time.Now().Add(tc.offset)
		if iat := c.Claims.IssuedAt.Time; iat.Before(before) || iat.After(after) {
			t.Errorf("offset %v: card issued at %v, want between %v and %v", tc.offset, iat, before, after)
		}
	}
}
