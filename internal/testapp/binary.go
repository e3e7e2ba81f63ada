package testapp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// BuildBinary builds the memberbase executable the way `make build` and the
// Dockerfile do (CGO off, -trimpath, version "test") into dir, for tests of
// what only a real process shows: exit codes, files, listening, restarts.
// root is the module root relative to the calling test's package directory.
// Every caller uses the same flags, so the build cache serves them all.
func BuildBinary(dir, root string) (string, error) {
	bin := filepath.Join(dir, "memberbase")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.version=test", "-o", bin, ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}
