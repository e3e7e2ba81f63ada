package pb_migrations_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

func TestAuditLogSchema(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c, err := app.FindCollectionByNameOrId("audit_log")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"seq", "actor_type", "actor", "action", "target", "record_ids", "fields", "request_id", "detail", "prev_hash", "hash", "created", "updated"} {
		if c.Fields.GetByName(f) == nil {
			t.Errorf("audit_log lacks %s", f)
		}
	}
	if c.ListRule != nil || c.ViewRule != nil || c.CreateRule != nil || c.UpdateRule != nil || c.DeleteRule != nil {
		t.Error("audit_log has a rule: superusers only")
	}
	if !strings.Contains(strings.Join(c.Indexes, "\n"), "UNIQUE INDEX `idx_audit_log_seq`") {
		t.Errorf("no unique seq index: %v", c.Indexes)
	}
	if !slices.Contains(c.Fields.GetByName("action").(*core.SelectField).Values, "checkpoint") {
		t.Error("action lacks checkpoint")
	}
}
