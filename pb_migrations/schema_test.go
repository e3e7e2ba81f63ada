package pb_migrations_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

// spec lists, per SPEC §4, each collection's fields (besides id).
var spec = map[string][]string{
	"members": {"member_id", "first_name", "last_name", "email", "phone", "status", "email_verified_at", "joined_at",
		"consent_version", "consent_at", "marketing_opt_in", "marketing_opt_in_at", "marketing_version", "left_at", "leave_reason", "leave_note",
		"notes", "photo", "plan", "paid_through", "unsubscribe_secret", "branch", "created", "updated"},
	"member_sequence": {"name", "value", "created", "updated"},
	"intake":          {"kind", "email", "payload", "attempts", "next_attempt_at", "lease_until", "last_error", "created", "updated"},
	"join_requests": {"first_name", "last_name", "email", "phone", "marketing_opt_in", "consent_version", "consent_at",
		"token_hash", "expires_at", "status", "plan", "branch", "created", "updated"},
	"privacy_requests": {"kind", "member", "member_ref", "status", "token_hash", "expires_at", "confirmed_at", "due_at",
		"completed_at", "reason", "export", "download_token_hash", "download_expires_at", "created", "updated"},
	"privacy_events": {"request", "from_status", "to_status", "actor", "created", "updated"},
	"social_links":   {"label", "url", "icon", "sort_order", "visible", "created", "updated"},
	"email_outbox": {"recipient", "subject", "text_body", "html_body", "kind", "sensitive", "redact", "status", "attempts",
		"next_attempt_at", "lease_until", "last_error", "sent_at", "dedupe_key", "priority", "group", "headers", "created", "updated"},
	"staff":                {"role", "name", "branches", "created", "updated"},
	"branches":             {"name", "code", "public", "created", "updated"},
	"consent_texts":        {"version", "statement", "marketing_statement", "published_at", "created", "updated"},
	"manage_links":         {"member", "token_hash", "expires_at", "last_used_at", "created", "updated"},
	"email_changes":        {"member", "new_email", "token_hash", "expires_at", "status", "confirmed_at", "created", "updated"},
	"erasure_suppressions": {"hash", "created", "updated"},
	"plans": {"name", "code", "kind", "months", "renews_on", "fee", "currency", "grace_days", "arrears",
		"payment_instructions", "public", "active", "sort_order", "created", "updated"},
	"periods": {"member", "plan", "starts_on", "ends_on", "amount", "currency", "status", "paid_at", "created", "updated"},
	"payments": {"member", "period", "amount", "currency", "received_on", "method", "reference", "payer", "external_id",
		"status", "created", "updated"},
	"announcements": {"subject", "body", "audience", "status", "send_at", "sent_count", "failed_count", "expanded_to", "expanded",
		"created", "updated"},
	"webhooks": {"url", "events", "secret", "active", "description", "failing_since", "created", "updated"},
	"webhook_deliveries": {"webhook", "event", "msg_id", "payload", "status", "attempts", "next_attempt_at", "lease_until",
		"last_status", "last_error", "delivered_at", "created", "updated"},
}

func TestSchemaMatchesSpec(t *testing.T) {
	app, _ := testapp.New(t, nil)
	for name, want := range spec {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Errorf("collection %s missing", name)
			continue
		}
		var got []string
		for _, f := range c.Fields {
			if f.GetName() == "id" || (c.IsAuth() && slices.Contains([]string{"password", "tokenKey", "email", "emailVisibility", "verified"}, f.GetName())) {
				continue
			}
			got = append(got, f.GetName())
		}
		sort.Strings(got)
		w := slices.Clone(want)
		sort.Strings(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s fields = %v, want %v", name, got, w)
		}
	}

	hidden := map[string][]string{
		"members":          {"notes", "unsubscribe_secret"},
		"join_requests":    {"token_hash"},
		"manage_links":     {"token_hash"},
		"email_changes":    {"token_hash"},
		"privacy_requests": {"token_hash", "export", "download_token_hash"},
		"webhooks":         {"secret"},
	}
	for name, fields := range hidden {
		c, _ := app.FindCollectionByNameOrId(name)
		for _, f := range fields {
			if !c.Fields.GetByName(f).GetHidden() {
				t.Errorf("%s.%s is not hidden", name, f)
			}
		}
	}
	members, _ := app.FindCollectionByNameOrId("members")
	if !members.Fields.GetByName("photo").(*core.FileField).Protected {
		t.Error("members.photo is not protected")
	}
	reqs, _ := app.FindCollectionByNameOrId("privacy_requests")
	if !reqs.Fields.GetByName("export").(*core.FileField).Protected {
		t.Error("privacy_requests.export is not protected")
	}
}

func TestSchemaIndexes(t *testing.T) {
	app, _ := testapp.New(t, nil)
	want := map[string][]string{
		"members":            {"UNIQUE INDEX `idx_members_member_id`", "UNIQUE INDEX `idx_members_email`", "INDEX `idx_members_status_id` ON `members` (status, id)"},
		"join_requests":      {"UNIQUE INDEX `idx_join_requests_token_hash`", "INDEX `idx_join_requests_email`"},
		"privacy_requests":   {"UNIQUE INDEX `idx_privacy_requests_token_hash`", "UNIQUE INDEX `idx_privacy_requests_download`"},
		"email_outbox":       {"UNIQUE INDEX `idx_email_outbox_dedupe_key`", "INDEX `idx_email_outbox_recipient`", "INDEX `idx_email_outbox_claim` ON `email_outbox` (status, priority, next_attempt_at, created)", "INDEX `idx_email_outbox_group`"},
		"manage_links":       {"UNIQUE INDEX `idx_manage_links_token_hash`", "INDEX `idx_manage_links_member`"},
		"intake":             {"INDEX `idx_intake_next_attempt` ON `intake` (next_attempt_at, created)"},
		"email_changes":      {"UNIQUE INDEX `idx_email_changes_token_hash`", "INDEX `idx_email_changes_member`"},
		"webhook_deliveries": {"UNIQUE INDEX `idx_webhook_deliveries_msg_id`", "INDEX `idx_webhook_deliveries_due`"},
	}
	for name, idx := range want {
		c, _ := app.FindCollectionByNameOrId(name)
		all := strings.Join(c.Indexes, "\n")
		for _, i := range idx {
			if !strings.Contains(all, i) {
				t.Errorf("%s lacks %s in %s", name, i, all)
			}
		}
	}
	// Dropped (1764230520): idx_email_outbox_claim serves its queries.
	if o, _ := app.FindCollectionByNameOrId("email_outbox"); o.GetIndex("idx_email_outbox_due") != "" {
		t.Errorf("email_outbox keeps idx_email_outbox_due: %s", o.GetIndex("idx_email_outbox_due"))
	}
	m, _ := app.FindCollectionByNameOrId("members")
	if !strings.Contains(m.GetIndex("idx_members_email"), "WHERE `email` != ''") && !strings.Contains(m.GetIndex("idx_members_email"), "email != ''") {
		t.Errorf("members email index is not partial: %s", m.GetIndex("idx_members_email"))
	}
}

func TestSchemaRules(t *testing.T) {
	app, _ := testapp.New(t, nil)
	str := func(p *string) string {
		if p == nil {
			return "<superusers>"
		}
		return *p
	}
	for _, name := range []string{"intake", "join_requests", "privacy_events", "email_outbox", "member_sequence", "manage_links", "email_changes", "erasure_suppressions", "announcements", "webhooks", "webhook_deliveries"} {
		c, _ := app.FindCollectionByNameOrId(name)
		for _, r := range []*string{c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule} {
			if r != nil {
				t.Errorf("%s has a non-superuser rule %q", name, *r)
			}
		}
	}
	users, _ := app.FindCollectionByNameOrId("users")
	if users.CreateRule != nil || users.PasswordAuth.Enabled {
		t.Errorf("users collection not locked: create=%s passwordAuth=%v", str(users.CreateRule), users.PasswordAuth.Enabled)
	}
	staff, _ := app.FindCollectionByNameOrId("staff")
	if staff.CreateRule != nil {
		t.Errorf("staff allows sign-up: %s", str(staff.CreateRule))
	}
	m, _ := app.FindCollectionByNameOrId("members")
	if m.DeleteRule != nil || !strings.Contains(str(m.CreateRule), "'editor'") || !strings.Contains(str(m.ListRule), "'viewer'") || strings.Contains(str(m.ListRule), "rep") {
		t.Errorf("members rules: list=%s create=%s delete=%s", str(m.ListRule), str(m.CreateRule), str(m.DeleteRule))
	}
}

// TestMigrateDownAndUpAgain reverts every memberbase migration and applies
// them again, as `memberbase migrate down N` then `up` would.
func TestMigrateDownAndUpAgain(t *testing.T) {
	app, _ := testapp.New(t, nil)
	n := len(core.AppMigrations.Items())
	reverted, err := core.NewMigrationsRunner(app, core.AppMigrations).Down(n)
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if len(reverted) != n {
		t.Fatalf("reverted %d of %d", len(reverted), n)
	}
	if _, err := app.FindCollectionByNameOrId("members"); err == nil {
		t.Fatal("members still exists after migrating down")
	}
	users, _ := app.FindCollectionByNameOrId("users")
	if users.CreateRule == nil || !users.PasswordAuth.Enabled {
		t.Error("users not restored on the way down")
	}
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId("privacy_events"); err != nil {
		t.Fatal("schema not recreated")
	}
}
