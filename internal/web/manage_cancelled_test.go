package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// TestManagePageOfACancelledMemberOffersNoLeaving: a member whose
// membership an admin already ended sees that it has ended and how to
// rejoin, not a form that says "your membership ends now" (sending it
// would change nothing and mail no goodbye).
func TestManagePageOfACancelledMemberOffersNoLeaving(t *testing.T) {
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042", "status": "cancelled"})
	})
	b := &browser{s: s}
	_, tok := b.openManageLink(srv)
	resp, page := b.do("GET", "/manage?token="+tok, nil, nil)
	if resp.StatusCode != http.StatusOK || !contains(page, "M-000042", "Your membership has ended", `href="/join"`, `value="details"`) {
		t.Fatalf("manage page of a cancelled member: %d\n%s", resp.StatusCode, page)
	}
	for _, gone := range []string{`value="leave"`, "Your membership ends now"} {
		if strings.Contains(page, gone) {
			t.Errorf("manage page of a cancelled member offers leaving (%q):\n%s", gone, page)
		}
	}
}
