package hooks_test

import (
	"io"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/hooks"
	"memberbase/internal/observe"
	"memberbase/internal/testapp"
)

// TestMigrationsOnFreshDataDirWithHooksBound is what `memberbase serve` or
// any CLI command does on a new install: the hooks are bound before the
// migrations run, so the consent_texts seed row meets the audit write hook
// before audit_log exists.
func TestMigrationsOnFreshDataDirWithHooksBound(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.ClearBootstrap() })
	cfg := testapp.Config(t, nil)
	observe.Attach(app, observe.NewLogger(cfg, io.Discard))
	if err := hooks.Register(app, cfg); err != nil {
		t.Fatal(err)
	}
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("migrations on a fresh data dir: %v", err)
	}
	n, err := app.CountRecords("consent_texts")
	if err != nil || n == 0 {
		t.Fatalf("consent_texts seed rows: %d, %v", n, err)
	}
}
