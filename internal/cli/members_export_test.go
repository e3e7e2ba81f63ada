package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberbase/internal/testapp"
)

func TestMembersExportCommand(t *testing.T) {
	app, _ := testapp.New(t, nil)
	in := "member_id,first_name,last_name,email,phone,status,joined_at,consent_version,consent_at,marketing_opt_in,left_at,leave_reason,leave_note,plan,paid_through,branch\n" +
		"M-000001,Ann,Lee,ann@example.org,,active,2025-01-02T00:00:00.000Z,,,true,,,,,,\n"
	if _, _, err := run(t, app, "members", "import", writeFile(t, in)); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, app, "members", "export")
	if err != nil || out != in {
		t.Fatalf("export to stdout: %v\n%s", err, out)
	}
	path := filepath.Join(t.TempDir(), "register.json")
	if _, stderr, err := run(t, app, "members", "export", "--format", "json", "--output", path); err != nil || !strings.Contains(stderr, "exported 1 members") {
		t.Fatalf("export to file: %v %q", err, stderr)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600 (personal data)", st.Mode().Perm())
	}
	body, _ := os.ReadFile(path)
	if !strings.Contains(string(body), `"member_id":"M-000001"`) {
		t.Errorf("JSON export: %s", body)
	}
	// The JSON export re-imports (by its .json extension).
	if out, _, err := run(t, app, "members", "import", path); err != nil || !strings.Contains(out, "1 already present") {
		t.Errorf("re-import of the JSON export: %q %v", out, err)
	}
	if _, _, err := run(t, app, "members", "export", "--format", "xml"); err == nil {
		t.Error("unknown format accepted")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".members-export-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
