package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"memberbase/internal/card"
	"memberbase/internal/dues"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// TestJoinPlanRadioGroup: without plans the form has no plan field; with
// active public plans it has a required radio group (name, fee in its
// currency, period); the chosen plan reaches the member at confirmation,
// who gets no card until the first period is paid.
func TestJoinPlanRadioGroup(t *testing.T) {
	s := newJoinSite(t, nil)
	if _, page := s.req("GET", "/join", nil, nil); strings.Contains(page, `name="plan"`) {
		t.Fatal("a plan field without plans")
	}
	plan := testapp.SavePlan(t, s.app, nil)
	testapp.SavePlan(t, s.app, map[string]any{"code": "staff-only", "name": "Honorary", "public": false})
	testapp.SavePlan(t, s.app, map[string]any{"code": "student", "name": "Student", "fee": 90000, "currency": "JPY", "kind": "calendar", "renews_on": "03-31", "sort_order": 2})

	_, page := s.req("GET", "/join", nil, nil)
	if !contains(page, `<legend>Membership plan</legend>`, `name="plan" type="radio" value="`+plan.Id+`" required`,
		"Regular: € 30.00 per year", "Student: ¥ 90,000 per year, renewing on 31 March") || strings.Contains(page, "Honorary") {
		t.Fatalf("plan radio group:\n%s", page)
	}

	resp, page := s.postForm("/join", "/join", joinFields("ada@example.org"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !contains(page, `id="plan-error"`, "Choose a membership plan.", `href="#plan"`) {
		t.Fatalf("no plan chosen: %d\n%s", resp.StatusCode, page)
	}
	resp, _ = s.postForm("/join", "/join", joinFields("ada@example.org", "plan", "not-a-plan"))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown plan: %d", resp.StatusCode)
	}

	s.join("ada@example.org", "plan", plan.Id)
	path, _ := link(t, s.mail(1))
	if resp, body := s.confirm(path); resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, body)
	}
	m, err := s.app.FindFirstRecordByData("members", "email", "ada@example.org")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := dues.PeriodsOf(s.app, m.Id)
	if m.GetString("plan") != plan.Id || err != nil || len(ps) != 1 || ps[0].GetString("status") != dues.PeriodDue {
		t.Errorf("member plan %q, periods %v %v", m.GetString("plan"), ps, err)
	}
	// No card before the first period is paid (SPEC §18): the welcome
	// only.
	if cards, err := s.app.FindAllRecords(outbox.Collection, dbx.HashExp{"kind": card.MailKind}); err != nil || len(cards) != 0 {
		t.Errorf("card mails at confirmation with an unpaid plan: %d %v", len(cards), err)
	}
}
