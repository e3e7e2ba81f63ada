package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// TestMembersCommandsWriteToStderrOfTheBinary runs the built binary, where
// PocketBase gives the root command a no-op error writer: the problems of an
// import (with their lines), its progress and the export summary must still
// reach the process's stderr.
func TestMembersCommandsWriteToStderrOfTheBinary(t *testing.T) {
	dir := t.TempDir()
	bin, err := testapp.BuildBinary(dir, filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "pb_data")
	memberbase := func(args ...string) (code int, stdout, stderr string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// --dev=false: development mode would print every SQL statement.
		cmd := exec.CommandContext(ctx, bin, append(args, "--dir", data, "--dev=false")...)
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "MEMBERBASE_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("run %v: %v", args, err)
		}
		return cmd.ProcessState.ExitCode(), out.String(), errb.String()
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	bad := write("bad.csv", "first_name,last_name,email\nAnn,Lee,ann@example.org\nBob,Ng,bob@example\n")
	code, _, stderr := memberbase("members", "import", bad)
	if code != 1 || !strings.Contains(stderr, "line 3, column email: Enter a single email address") ||
		!strings.Contains(stderr, "memberbase: 1 problem(s) in the import file") {
		t.Errorf("invalid file: exit %d, stderr %q; want exit 1 and the problem with its line", code, stderr)
	}

	var big strings.Builder
	big.WriteString("first_name,last_name,email\n")
	for i := range 1001 {
		fmt.Fprintf(&big, "F%d,L%d,m%d@example.org\n", i, i, i)
	}
	code, stdout, stderr := memberbase("members", "import", write("big.csv", big.String()))
	if code != 0 || !strings.Contains(stderr, "members import: 500/1001 rows (500 created, 0 already present)") ||
		!strings.Contains(stdout, "1001 valid rows: 1001 created") {
		t.Errorf("import: exit %d, stdout ending %q (a development import logs each member), stderr %q; want the progress lines and the summary", code, tail([]byte(stdout)), stderr)
	}

	clash := write("clash.csv", "member_id,first_name,last_name,email\nM-000001,Eve,Ng,eve@example.org\n")
	code, _, stderr = memberbase("members", "import", clash, "--dry-run")
	if code != 1 || !strings.Contains(stderr, "line 2, column member_id: this member ID already belongs to a member with another email.") {
		t.Errorf("clash: exit %d, stderr %q; want exit 1 and the clash with its line", code, stderr)
	}

	out := filepath.Join(dir, "register.csv")
	code, _, stderr = memberbase("members", "export", "--output", out)
	if code != 0 || !strings.Contains(stderr, "exported 1001 members to "+out) {
		t.Errorf("export: exit %d, stderr %q; want the summary", code, stderr)
	}
}
