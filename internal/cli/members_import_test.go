package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/cli"
	"memberbase/internal/testapp"
)

// run executes memberbase's commands in-process against app.
func run(t testing.TB, app core.App, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := &cobra.Command{Use: "memberbase", SilenceErrors: true, SilenceUsage: true}
	var out, errb bytes.Buffer
	cli.RegisterWithStderr(app, root, testapp.Config(t, nil), &errb)
	root.SetOut(&out)
	root.SetArgs(args)
	err = root.Execute()
	return out.String(), errb.String(), err
}

func writeFile(t testing.TB, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMembersImportCommand(t *testing.T) {
	app, _ := testapp.New(t, nil)
	file := writeFile(t, "member_id,first_name,last_name,email\nM-000041,Ann,Lee,ann@example.org\n,Bob,Ng,bob@example.org\n")

	out, _, err := run(t, app, "members", "import", file, "--dry-run")
	if err != nil || !strings.Contains(out, "2 would create (dry run") {
		t.Fatalf("dry run: %q %v", out, err)
	}
	if n, _ := app.CountRecords("members"); n != 0 {
		t.Fatalf("dry run wrote %d members", n)
	}
	out, _, err = run(t, app, "members", "import", file)
	if err != nil || !strings.Contains(out, "2 valid rows: 2 created, 0 already present; member sequence at 42") {
		t.Fatalf("import: %q %v", out, err)
	}
	out, _, err = run(t, app, "members", "import", file)
	if err != nil || !strings.Contains(out, "0 created, 2 already present") {
		t.Fatalf("re-run: %q %v", out, err)
	}
	if n := app.TestMailer.TotalSend(); n != 0 {
		t.Errorf("import sent %d mails, want none", n)
	}
}

func TestMembersImportCommandReportsProblems(t *testing.T) {
	app, _ := testapp.New(t, nil)
	file := writeFile(t, "first_name,last_name,email\nAnn,Lee,ann@example.org\nBob,,bob@example\n")
	_, stderr, err := run(t, app, "members", "import", file)
	if err == nil {
		t.Fatal("invalid file imported")
	}
	for _, want := range []string{"line 3, column last_name: This field is required.", "line 3, column email: Enter a single email address"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "bob@example") {
		t.Error("the report echoes an address")
	}
	if n, _ := app.CountRecords("members"); n != 0 {
		t.Errorf("%d members written from an invalid file", n)
	}
}

func TestMembersImportCommandReportsClashes(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.SaveMember(t, app, map[string]any{"email": "ann@example.org"}) // joined online: M-000001
	file := writeFile(t, "member_id,first_name,last_name,email\nM-000001,Bob,Ng,bob@example.org\n,Cem,Oz,cem@example.org\n")
	for _, args := range [][]string{{"--dry-run"}, nil} {
		_, stderr, err := run(t, app, append([]string{"members", "import", file}, args...)...)
		want := "line 2, column member_id: this member ID already belongs to a member with another email.\n"
		if err == nil || stderr != want {
			t.Errorf("import %v: %v, stderr %q; want %q", args, err, stderr, want)
		}
	}
	if n, _ := app.CountRecords("members"); n != 1 {
		t.Errorf("%d members: the clash let rows in", n)
	}
}
