package cli_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"memberbase/internal/testapp"
)

// serving is the built binary with a superuser and a `serve` process on a
// fresh data dir, for the long tests that run a CLI command beside it.
type serving struct {
	Dir   string // the test's temp dir, holding the binary and pb_data
	Base  string // http://127.0.0.1:PORT of the serve process
	Token string // a superuser's auth token
	Log   string // path of serve's stdout and stderr
	bin   string
	data  string
}

// startServing builds the binary, creates the superuser and starts `serve`
// (development profile, no rate limit), stopped by PID when the test ends.
func startServing(t *testing.T) *serving {
	t.Helper()
	dir := t.TempDir()
	bin, err := testapp.BuildBinary(dir, filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	s := &serving{Dir: dir, Log: filepath.Join(dir, "serve.log"), bin: bin, data: filepath.Join(dir, "pb_data")}
	if out, err := s.Command(t.Context(), "superuser", "upsert", "root@example.org", "root-password-123").CombinedOutput(); err != nil {
		t.Fatalf("superuser: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	serve := s.Command(context.Background(), "serve", "--http", addr)
	log, err := os.Create(s.Log)
	if err != nil {
		t.Fatal(err)
	}
	serve.Stdout, serve.Stderr = log, log
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = serve.Process.Signal(syscall.SIGTERM)
		_ = serve.Wait()
		_ = log.Close()
	})
	s.Base = "http://" + addr
	waitHealthy(t, s.Base)
	s.Token = superuserToken(t, s.Base)
	return s
}

// Command runs the binary on the same data dir; --dev=false, since
// development mode would print every SQL statement.
func (s *serving) Command(ctx context.Context, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, s.bin, append(args, "--dir", s.data, "--dev=false")...)
	c.Env = append(os.Environ(), "MEMBERBASE_ENV=development", "MEMBERBASE_RATE_LIMIT=off")
	return c
}
