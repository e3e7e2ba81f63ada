package card_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/card"
	"memberbase/internal/dues"
	"memberbase/internal/testapp"
)

// TestCardMailNamesTheLastValidDay: the card mail's "valid until" is the
// last day the card verifies (paid_through + grace), not the day after,
// which is when the token's exp falls (midnight UTC).
func TestCardMailNamesTheLastValidDay(t *testing.T) {
	e := newCardEnv(t)
	plan := testapp.SavePlan(t, e.app, map[string]any{"grace_days": 30})
	m := testapp.SaveMember(t, e.app, map[string]any{"plan": plan.Id})
	col, _ := e.app.FindCollectionByNameOrId(dues.Payments)
	p := core.NewRecord(col)
	p.Set("member", m.Id)
	p.Set("amount", 3000)
	p.Set("received_on", "2026-03-01")
	p.Set("method", "bank_transfer")
	if err := e.app.Save(p); err != nil {
		t.Fatal(err)
	}
	m, _ = e.app.FindRecordById("members", m.Id)
	lastDay := m.GetDateTime("paid_through").Time().AddDate(0, 0, 30).Format(dues.DateLayout)
	rows := e.mails(card.MailKind)
	if len(rows) != 1 {
		t.Fatalf("%d card mails", len(rows))
	}
	for _, body := range []string{rows[0].GetString("text_body"), rows[0].GetString("html_body")} {
		if !strings.Contains(body, "valid until "+lastDay+".") {
			t.Errorf("card mail does not say valid until %s:\n%s", lastDay, body)
		}
	}
}
