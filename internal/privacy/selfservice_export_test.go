package privacy_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/token"
)

// The export carries the leave fields, the marketing choice with its time
// and statement, and the email-change history as dates and statuses only.
func TestExportCarriesLeavingMarketingAndEmailChanges(t *testing.T) {
	e := newEnv(t)
	addConsentText(t, e, "mk-2026", "Terms.", "Send me the newsletter.")
	m := testapp.SaveMember(t, e.app, map[string]any{"marketing_opt_in": true, "marketing_version": "mk-2026",
		"status": "cancelled", "left_at": "2026-03-01 10:00:00.000Z", "leave_reason": "moving", "leave_note": "Off to Mars"})
	col, err := e.app.FindCollectionByNameOrId("email_changes")
	if err != nil {
		t.Fatal(err)
	}
	c := core.NewRecord(col)
	_, hash, _ := token.New()
	c.Set("member", m.Id)
	c.Set("new_email", "secret-new@example.net")
	c.Set("token_hash", hash)
	c.Set("expires_at", time.Now().Add(time.Hour))
	c.Set("status", "mailed")
	if err := e.app.Save(c); err != nil {
		t.Fatal(err)
	}

	doc, summary := exportOf(t, e, e.downloadLink())
	mem, _ := doc["member"].(map[string]any)
	if mem["left_at"] != "2026-03-01T10:00:00.000Z" || mem["leave_reason"] != "moving" || mem["leave_note"] != "Off to Mars" {
		t.Errorf("member leave fields: %v", mem)
	}
	mk, _ := doc["marketing"].(map[string]any)
	if mk["opted_in"] != true || mk["since"] == nil || mk["statement_version"] != "mk-2026" || mk["statement"] != "Send me the newsletter." {
		t.Errorf("marketing %v", mk)
	}
	changes, _ := doc["email_changes"].([]any)
	if len(changes) != 1 {
		t.Fatalf("email changes %v", doc["email_changes"])
	}
	ch, _ := changes[0].(map[string]any)
	if ch["status"] != "mailed" || ch["requested_at"] == nil || ch["expires_at"] == nil || ch["confirmed_at"] != nil || len(ch) != 4 {
		t.Errorf("email change %v", ch)
	}
	if raw, _ := json.Marshal(doc); strings.Contains(string(raw), "secret-new") {
		t.Error("the export holds an address of the change history")
	}
	if strings.Contains(summary, "secret-new") || !strings.Contains(summary, "Changes of your email address") ||
		!strings.Contains(summary, "Send me the newsletter.") {
		t.Errorf("summary:\n%s", summary)
	}
}
