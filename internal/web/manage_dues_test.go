package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/testapp"
)

// TestManageShowsDues: the manage page shows the plan, paid_through, the
// open period with its amount and the payment reference (the member ID);
// a member without a plan sees nothing about dues.
func TestManageShowsDues(t *testing.T) {
	s, srv := mailSite(t, nil, func(app *tests.TestApp) {
		plan := testapp.SavePlan(t, app, nil)
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000042", "plan": plan.Id})
		testapp.SaveMember(t, app, map[string]any{"member_id": "M-000043", "email": "bob@example.org"})
	})
	b := &browser{s: s}
	for i, who := range []string{"ada@example.org", "bob@example.org"} {
		if resp, _ := b.submit("/privacy/manage", b.token("/lookup"), who); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("lookup %s: %d", who, resp.StatusCode)
		}
		if err := srv.WaitFor(i+1, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		_, tok := manageLinkIn(t, srv.Messages()[i])
		resp, page := b.do("GET", "/manage?token="+tok, nil, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("manage %s: %d", who, resp.StatusCode)
		}
		if who == "bob@example.org" {
			if strings.Contains(page, "Membership plan") || strings.Contains(page, "Payment reference") {
				t.Errorf("dues shown to a member without a plan:\n%s", page)
			}
			// Without a plan a card can always be issued: the page links it.
			m := regexp.MustCompile(`href="(/card\?c=[^"]+)">Show my membership card`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no card link for a member without a plan:\n%s", page)
			}
			if resp, card := b.do("GET", html.UnescapeString(m[1]), nil, nil); resp.StatusCode != 200 || !strings.Contains(card, "M-000043") {
				t.Errorf("the manage page's card link: %d", resp.StatusCode)
			}
			continue
		}
		if !contains(page, "<dt>Membership plan</dt><dd>Regular</dd>", "<dt>Paid through</dt><dd>not paid yet</dd>",
			"€ 30.00 for the period from", "<dd>M-000042 (your member ID", "IBAN DE00") || strings.Contains(page, "Show my membership card") {
			t.Errorf("dues on the manage page:\n%s", page)
		}
	}
}
