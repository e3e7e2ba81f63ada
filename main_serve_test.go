package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// TestServeInstallerLinkOnlyOutsideProduction starts the real server on an
// empty data dir, waits until `memberbase healthcheck` passes, and looks for
// PocketBase's one-time installer link (a superuser token) in its output:
// development prints it, production must not.
func TestServeInstallerLinkOnlyOutsideProduction(t *testing.T) {
	for _, tc := range []struct {
		name     string
		env      map[string]string
		wantLink bool
	}{
		{"development", nil, true},
		{"production", sampleServeEnv(t), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := freeAddr(t)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := command(ctx, t, tc.env, "serve", "--http", addr, "--dir", filepath.Join(t.TempDir(), "pb_data"))
			var out testapp.LogBuffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				_ = cmd.Process.Signal(syscall.SIGTERM)
				_ = cmd.Wait()
			}()

			healthy := false
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				if r := runBinary(t, nil, "healthcheck", "--url", "http://"+addr); r.code == 0 {
					healthy = true
					break
				}
			}
			if !healthy {
				t.Fatalf("server never became healthy; output:\n%s", out.String())
			}
			// The installer runs in a goroutine once the listener is up:
			// give it time to print.
			hasLink := false
			for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && !hasLink; time.Sleep(100 * time.Millisecond) {
				hasLink = strings.Contains(out.String(), "/_/#/pbinstall/")
			}
			if hasLink != tc.wantLink {
				t.Fatalf("installer link printed = %v, want %v; output:\n%s", hasLink, tc.wantLink, tail(out.String()))
			}
		})
	}
}

func tail(s string) string {
	if len(s) > 4000 {
		return "..." + s[len(s)-4000:]
	}
	return s
}

// serveUntilHealthy starts `serve` on a free address with env, waits until
// `memberbase healthcheck` passes, stops it with SIGTERM and returns its
// address, stdout and stderr.
// sampleServeEnv is the sample production env with the ledger in a temp
// dir: /ledger, the image's volume, does not exist here, and serve refuses
// to start without a writable ledger.
func sampleServeEnv(t *testing.T) map[string]string {
	env := testapp.SampleEnv(t)
	env["MEMBERBASE_LEDGER_PATH"] = filepath.Join(t.TempDir(), "memberbase-ledger.jsonl")
	return env
}

func serveUntilHealthy(t *testing.T, env map[string]string) (addr, stdout, stderr string) {
	t.Helper()
	addr = freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := command(ctx, t, env, "serve", "--http", addr, "--dir", filepath.Join(t.TempDir(), "pb_data"))
	var out, errOut testapp.LogBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	healthy := false
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !healthy; time.Sleep(200 * time.Millisecond) {
		healthy = runBinary(t, nil, "healthcheck", "--url", "http://"+addr).code == 0
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	if !healthy {
		t.Fatalf("server never became healthy; stdout:\n%s\nstderr:\n%s", tail(out.String()), tail(errOut.String()))
	}
	return addr, out.String(), errOut.String()
}

// TestServeStdoutIsJSONInProduction: PocketBase's plain-text start banner is
// replaced by one JSON line carrying the address, so every stdout line of a
// production server is JSON.
func TestServeStdoutIsJSONInProduction(t *testing.T) {
	addr, stdout, _ := serveUntilHealthy(t, sampleServeEnv(t))
	started := 0
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("stdout line is not JSON: %q", line)
			continue
		}
		if m["msg"] == "server started" {
			started++
			if m["address"] != addr {
				t.Errorf("start line address = %v, want %s", m["address"], addr)
			}
		}
	}
	if started != 1 {
		t.Errorf("%d \"server started\" lines, want 1; stdout:\n%s", started, tail(stdout))
	}
}

// TestServeDevelopmentBanner: development keeps a friendly banner naming the
// site and the dashboard, and the dev-mode SQL log stays off.
func TestServeDevelopmentBanner(t *testing.T) {
	addr, stdout, _ := serveUntilHealthy(t, map[string]string{"MEMBERBASE_ALLOWED_HOST": "localhost"})
	for _, want := range []string{"Site:      http://" + addr + "/", "Dashboard: http://" + addr + "/_/", "MB.W013", "MEMBERBASE_ALLOWED_HOSTS"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("development stdout lacks %q:\n%s", want, tail(stdout))
		}
	}
	if strings.Contains(stdout, "Server started at") {
		t.Errorf("PocketBase's own banner is still printed:\n%s", tail(stdout))
	}
}

// TestLogSQLInDevelopment runs a CLI command twice on one data dir (the first
// creates it, and the bootstrap's own statements print before memberbase can
// turn the log off): the second prints its SQL only with LOG_SQL=true.
func TestLogSQLInDevelopment(t *testing.T) {
	for _, tc := range []struct {
		logSQL string
		want   bool
	}{{"", false}, {"true", true}} {
		t.Run("LOG_SQL="+tc.logSQL, func(t *testing.T) {
			env := map[string]string{"MEMBERBASE_LOG_SQL": tc.logSQL}
			dir := filepath.Join(t.TempDir(), "pb_data")
			args := []string{"superuser", "upsert", "admin@example.org", "a-long-dev-password", "--dir", dir}
			if r := runBinary(t, env, args...); r.code != 0 {
				t.Fatalf("first run: exit %d\n%s", r.code, r.stderr)
			}
			r := runBinary(t, env, args...)
			if r.code != 0 {
				t.Fatalf("second run: exit %d\n%s", r.code, r.stderr)
			}
			if got := strings.Contains(r.stdout, "`_superusers`"); got != tc.want {
				t.Errorf("the command's SQL printed = %v, want %v; stdout:\n%s", got, tc.want, tail(r.stdout))
			}
		})
	}
}

// TestServeRefusesPort465WithoutTLSInDevelopment: the combination hangs every
// send, so even development refuses to start, before touching pb_data.
func TestServeRefusesPort465WithoutTLSInDevelopment(t *testing.T) {
	r := runBinary(t, map[string]string{"MEMBERBASE_SMTP_HOST": "smtp.example.org", "MEMBERBASE_SMTP_PORT": "465"}, "serve", "--http", freeAddr(t))
	if r.code != 1 || !strings.Contains(r.stderr, "MB.E017 ERROR") || !strings.Contains(r.stderr, "fix: set MEMBERBASE_SMTP_TLS=true") ||
		!strings.Contains(r.stderr, "refusing to start") {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	assertNoPBData(t, r)
}

// TestCheckDeployNamesUnknownVariables: a typo is a warning naming it and the
// closest known variable; it does not fail the error level.
func TestCheckDeployNamesUnknownVariables(t *testing.T) {
	env := testapp.SampleEnv(t)
	env["MEMBERBASE_ALLOWED_HOST"] = "members.example.org"
	r := runBinary(t, env, "check", "--deploy")
	if r.code != 0 || !strings.Contains(r.stdout, "MB.W013 WARNING MEMBERBASE_ALLOWED_HOST ") ||
		!strings.Contains(r.stdout, "rename it to MEMBERBASE_ALLOWED_HOSTS") {
		t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}
