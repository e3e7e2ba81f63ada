package cli_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/audit"
	"memberbase/internal/cli"
	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// runLedger is run with LEDGER_PATH set to ledger.
func runLedger(t *testing.T, app core.App, ledger string, args ...string) (string, error) {
	t.Helper()
	root := &cobra.Command{Use: "memberbase", SilenceErrors: true, SilenceUsage: true}
	cli.Register(app, root, testapp.Config(t, map[string]string{"LEDGER_PATH": ledger}))
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

type cliRow struct {
	ActorType string `db:"actor_type"`
	Action    string `db:"action"`
	IDs       string `db:"record_ids"`
}

func auditRows(t *testing.T, app core.App, action string) []cliRow {
	t.Helper()
	var rows []cliRow
	if err := app.DB().NewQuery("SELECT actor_type, action, record_ids FROM audit_log WHERE action = {:a} ORDER BY seq").
		Bind(map[string]any{"a": action}).All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestMembersImportAndExportAreAuditedAsCLI(t *testing.T) {
	app, _ := testapp.New(t, nil)
	file := writeFile(t, "first_name,last_name,email\nAnn,Lee,ann@example.org\nBob,Ng,bob@example.org\n")
	if _, _, err := run(t, app, "members", "import", file); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := app.DB().Select("id").From("members").Column(&ids); err != nil || len(ids) != 2 {
		t.Fatalf("members: %v %v", ids, err)
	}
	imports := auditRows(t, app, "import")
	if len(imports) != 2 {
		t.Fatalf("want one import row per created member, got %+v", imports)
	}
	for _, r := range imports {
		var got []string
		_ = json.Unmarshal([]byte(r.IDs), &got)
		if r.ActorType != "cli" || len(got) != 1 || !slices.Contains(ids, got[0]) {
			t.Errorf("import row %+v", r)
		}
	}

	if _, _, err := run(t, app, "members", "export"); err != nil {
		t.Fatal(err)
	}
	exports := auditRows(t, app, "export")
	if len(exports) != 1 || exports[0].ActorType != "cli" {
		t.Fatalf("export rows %+v", exports)
	}
	var got []string
	_ = json.Unmarshal([]byte(exports[0].IDs), &got)
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(ids))) {
		t.Errorf("export row ids %v, want %v", got, ids)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	app, _ := testapp.New(t, nil)
	ledger := filepath.Join(t.TempDir(), "ledger.jsonl")
	testapp.SaveMember(t, app, nil)
	testapp.SaveMember(t, app, map[string]any{"email": "b@example.org"})

	out, err := runLedger(t, app, ledger, "audit", "verify")
	if err != nil || !strings.Contains(out, "verified: 2 rows") || !strings.Contains(out, "warning: no anchor") {
		t.Fatalf("before any anchor: %q %v", out, err)
	}
	l, err := members.OpenLedger(ledger)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := audit.Anchor(app, l, time.Now()); err != nil {
		t.Fatal(err)
	}
	_ = l.Close()
	if out, err := runLedger(t, app, ledger, "audit", "verify"); err != nil || !strings.Contains(out, "1 anchors reached") {
		t.Fatalf("anchored: %q %v", out, err)
	}

	if _, err := app.DB().NewQuery("UPDATE audit_log SET action = 'view' WHERE seq = 1").Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := runLedger(t, app, ledger, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "row seq 1") {
		t.Fatalf("tampered log: %v", err)
	}
	if _, err := app.DB().NewQuery("DELETE FROM audit_log WHERE seq = 2").Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("UPDATE audit_log SET action = 'create' WHERE seq = 1").Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := runLedger(t, app, ledger, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "anchor") {
		t.Fatalf("newest row removed: %v", err)
	}
}
