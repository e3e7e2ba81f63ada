package main

import (
	"context"
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
		{"production", testapp.SampleEnv(t), false},
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
