package testapp

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// SampleEnvPath is the committed sample production environment, relative to
// the module root.
const SampleEnvPath = "deploy/production.env.example"

// ModuleRoot returns the absolute path of the memberbase module, wherever
// the calling test runs from.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("module root: no caller information")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// SampleEnv returns the variables of deploy/production.env.example.
func SampleEnv(t testing.TB) map[string]string {
	t.Helper()
	return EnvFile(t, filepath.Join(ModuleRoot(t), SampleEnvPath))
}

// EnvFile reads a KEY=value file the way systemd's EnvironmentFile and a
// shell's `set -a; . file` agree on: blank lines and # comments skipped, an
// optional `export `, one pair of surrounding quotes removed. Anything else
// fails the test, so the committed samples stay in the common subset.
func EnvFile(t testing.TB, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("env file: %v", err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok || key == "" || strings.ContainsAny(key, " \t\"'") {
			t.Fatalf("%s:%d: not a KEY=value line", path, n)
		}
		if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
			val = val[1 : len(val)-1]
		} else if strings.ContainsAny(val, " \t\"'#$`\\") {
			t.Fatalf("%s:%d: %s: quote values with spaces or special characters", path, n, key)
		}
		env[key] = val
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("env file: %v", err)
	}
	return env
}
