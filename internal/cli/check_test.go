package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberbase/internal/testapp"
)

// runCheck runs Check from a fresh working directory (so that the default
// ./pb_data is a path of its own) and returns its output and error.
func runCheck(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	t.Chdir(t.TempDir())
	var out strings.Builder
	err := Check(context.Background(), args, testapp.Config(t, env), &out)
	if _, statErr := os.Stat(DefaultDataDir); !os.IsNotExist(statErr) {
		t.Errorf("check created %s (stat: %v)", DefaultDataDir, statErr)
	}
	return out.String(), err
}

func TestCheckDeployFailLevels(t *testing.T) {
	sample := testapp.SampleEnv(t)
	development := map[string]string{}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr bool
	}{
		{"sample env, default fail level", sample, []string{"--deploy"}, false},
		{"sample env, --fail-level error", sample, []string{"--deploy", "--fail-level", "error"}, false},
		{"sample env, --fail-level warning", sample, []string{"--deploy", "--fail-level=warning"}, true},
		{"development env", development, []string{"--deploy"}, true},
		{"sample env with --dev", sample, []string{"--deploy", "--dev"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCheck(t, tc.env, tc.args...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v; output:\n%s", err, tc.wantErr, out)
			}
			if !strings.Contains(out, "MB.W008 WARNING error monitoring is off (fix: set MEMBERBASE_SENTRY_DSN)\n") {
				t.Errorf("output lacks the W008 line:\n%s", out)
			}
		})
	}
}

func TestCheckDeployPrintsErrorsFirstAndASummary(t *testing.T) {
	out, err := runCheck(t, map[string]string{}, "--deploy", "--dev")
	if err == nil || !strings.Contains(err.Error(), "at or above --fail-level error") {
		t.Fatalf("err = %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	seenWarning := false
	for _, l := range lines[:len(lines)-1] {
		isError := strings.Contains(l, " ERROR ")
		if isError && seenWarning {
			t.Fatalf("an error after a warning:\n%s", out)
		}
		seenWarning = seenWarning || strings.Contains(l, " WARNING ")
	}
	for _, want := range []string{"MB.E001 ERROR", "MB.E015 ERROR PocketBase dev mode", "MB.W005 WARNING"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "check --deploy: 6 error(s), ") {
		t.Errorf("summary line = %q", last)
	}
}

func TestCheckDeployReadsMFAFromDir(t *testing.T) {
	_, dir := newDataDir(t)
	out, err := runCheck(t, testapp.SampleEnv(t), "--deploy", "--dir", dir)
	if err != nil || !strings.Contains(out, "MB.W011 WARNING multi-factor authentication is off") {
		t.Fatalf("err = %v; output:\n%s", err, out)
	}
	out, _ = runCheck(t, testapp.SampleEnv(t), "--deploy", "--dir", filepath.Join(dir, "missing"))
	if strings.Contains(out, "MB.W011") {
		t.Fatalf("MFA finding without a data dir:\n%s", out)
	}
}

func TestCheckUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--fail-level", "error"},
		{"--deploy", "--fail-level", "critical"},
		{"--deploy", "extra"},
		{"--deploy", "--no-such-flag"},
	} {
		out, err := runCheck(t, testapp.SampleEnv(t), args...)
		if err == nil || out != "" {
			t.Errorf("check %v: err = %v, output %q; want a usage error and no findings", args, err, out)
		}
	}
}

func TestCheckHelp(t *testing.T) {
	out, err := runCheck(t, nil, "--help")
	if err != nil || !strings.Contains(out, "check --deploy [--fail-level error|warning]") {
		t.Fatalf("err = %v, output %q", err, out)
	}
}
