package deploytest

import (
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"memberbase/internal/testapp"
)

// buildBinary builds memberbase the way the Dockerfile does (CGO off,
// -trimpath, version stamped) into a temp dir: PocketBase restores a backup
// by re-executing its own executable, which a test binary cannot stand in for.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin, err := testapp.BuildBinary(t.TempDir(), filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// runCLI runs one memberbase command to completion in dir.
func runCLI(t *testing.T, bin, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("memberbase %v: %v\n%s", args[0], err, out)
	}
}

// startServe starts `memberbase serve` on a loopback port and waits until it
// answers; the process is stopped by its PID when the test ends (SIGTERM,
// then SIGKILL after 10 s). It returns the base URL.
func startServe(t *testing.T, bin, dir, dataDir string, env []string) string {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cmd := exec.Command(bin, "serve", "--http", addr, "--dir", dataDir)
	out := &testapp.LogBuffer{}
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			t.Logf("memberbase serve output (last 8 KiB):\n%s", tail(out.String(), 8<<10))
		}
	})
	base := "http://" + addr
	waitFor(t, 30*time.Second, "serve to answer /api/health", func() bool {
		select {
		case err := <-done:
			done <- err
			t.Fatalf("serve exited early: %v\n%s", err, out.String())
		default:
		}
		return healthy(base)
	})
	return base
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func healthy(base string) bool {
	c := &http.Client{Timeout: 2 * time.Second}
	res, err := c.Get(base + "/api/health")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// waitFor polls cond every 200 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
