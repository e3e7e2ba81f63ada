package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"memberbase/internal/testapp"
)

// binEnv names the variable that points the tests at an already built
// binary (the release artefact, or one built by CI) instead of building it.
const binEnv = "MEMBERBASE_BIN"

// requiredEnv, set to 1 (as .ci/run does), turns a missing browser or node
// into a failure instead of a skip.
const requiredEnv = "E2E_REQUIRED"

// TestMain builds the binary once for every test of the package (or takes
// MEMBERBASE_BIN) and removes the build directory afterwards.
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if bin := os.Getenv(binEnv); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", binEnv, err)
			return 1
		}
		if _, err := os.Stat(abs); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: %s=%s: %v\n", binEnv, bin, err)
			return 1
		}
		return withBinary(m, abs)
	}
	dir, err := os.MkdirTemp("", "memberbase-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin, err := testapp.BuildBinary(dir, filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build:", err)
		return 1
	}
	return withBinary(m, bin)
}

// withBinary runs the tests with MEMBERBASE_BIN naming bin: the tests read
// it through [binary], so no package variable holds it. Child processes never
// see it (see [childEnv]).
func withBinary(m *testing.M, bin string) int {
	if err := os.Setenv(binEnv, bin); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	return m.Run()
}

// binary returns the memberbase executable under test.
func binary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv(binEnv)
	if bin == "" {
		t.Fatal("e2e: no binary (TestMain sets " + binEnv + ")")
	}
	return bin
}

// required reports whether missing tools must fail the tests (E2E_REQUIRED=1).
func required() bool { return os.Getenv(requiredEnv) == "1" }
