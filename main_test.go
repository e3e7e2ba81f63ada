package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// binary is the memberbase executable built once by TestMain: these tests
// check what only the real process shows (exit codes, files, listening).
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "memberbase-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if binary, err = testapp.BuildBinary(dir, "."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one finished run of the binary.
type result struct {
	code           int
	stdout, stderr string
	dir            string // the working directory it ran in
}

// runBinary runs the binary in a fresh working directory with env as its only
// MEMBERBASE_* variables, and waits at most a minute.
func runBinary(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := command(ctx, t, env, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %v: %v", args, err)
	}
	return result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String(), dir: cmd.Dir}
}

func command(ctx context.Context, t *testing.T, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEMBERBASE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

func assertNoPBData(t *testing.T, r result) {
	t.Helper()
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("the run left %s behind in its working directory", e.Name())
	}
}

func TestProductionServeWithoutSecretsRefusesToStart(t *testing.T) {
	r := runBinary(t, map[string]string{"MEMBERBASE_ENV": "production"}, "serve", "--http", freeAddr(t))
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "MB.E") {
			t.Errorf("not one finding per line: %q", l)
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "refusing to start in production") {
		t.Errorf("last line = %q", last)
	}
	for _, v := range []string{"SECRET_KEY", "ENCRYPTION_KEY", "ALLOWED_HOSTS", "BASE_URL", "SMTP_HOST", "MAIL_FROM", "ORG_NAME"} {
		if !strings.Contains(r.stderr, "MEMBERBASE_"+v) {
			t.Errorf("stderr does not name MEMBERBASE_%s:\n%s", v, r.stderr)
		}
	}
	// PocketBase listens only after bootstrapping, which creates pb_data.
	if strings.Contains(strings.ToLower(r.stdout), "server started") {
		t.Errorf("serve listened:\n%s", r.stdout)
	}
	assertNoPBData(t, r)
}

func TestCheckDeployExitCodes(t *testing.T) {
	sample := testapp.SampleEnv(t)
	noSecret := testapp.SampleEnv(t)
	delete(noSecret, "MEMBERBASE_SECRET_KEY")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
	}{
		{"sample, fail level error", sample, []string{"check", "--deploy", "--fail-level", "error"}, 0},
		{"sample, fail level warning", sample, []string{"check", "--deploy", "--fail-level", "warning"}, 1},
		{"sample, global --dir first", sample, []string{"--dir", "./data", "check", "--deploy"}, 0},
		{"missing secret key", noSecret, []string{"check", "--deploy"}, 1},
		{"development", nil, []string{"check", "--deploy", "--dir", "./data"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runBinary(t, tc.env, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit code %d, want %d; stdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, "MB.W008 WARNING") {
				t.Errorf("stdout lacks the findings:\n%s", r.stdout)
			}
			assertNoPBData(t, r)
		})
	}
}

func TestHealthcheckExitCodes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Error(w, "down", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		url  string
		code int
	}{
		{srv.URL, 0},
		{srv.URL + "/broken", 1},
		{"http://" + freeAddr(t) + "/healthz", 1},
	} {
		r := runBinary(t, nil, "healthcheck", "--url", tc.url)
		if r.code != tc.code {
			t.Errorf("%s: exit code %d, want %d; stderr %q", tc.url, r.code, tc.code, r.stderr)
		}
		if tc.code != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%s: reason is not one line: %q", tc.url, r.stderr)
		}
		assertNoPBData(t, r)
	}
}

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
