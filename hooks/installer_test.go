package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // system collections

	"memberbase/hooks"
	"memberbase/internal/testapp"
	_ "memberbase/pb_migrations"
)

// newServeApp is a plain bootstrapped app with our schema and hooks. Not a
// tests.TestApp: that one clears InstallerFunc itself on serve.
func newServeApp(t *testing.T, env map[string]string) core.App {
	t.Helper()
	cfg := testapp.Config(t, env)
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir(), EncryptionEnv: "MEMBERBASE_TEST_UNSET"})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// OnTerminate stops the background workers OnServe started, as the
		// real process does before it clears the bootstrap.
		_ = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return e.Next() })
		_ = app.ClearBootstrap()
	})
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	cfg.ApplySettings(app.Settings())
	if err := hooks.Register(app, cfg); err != nil {
		t.Fatal(err)
	}
	return app
}

// TestInstallerIsOffInProduction runs the serve hooks with PocketBase's
// installer set, as `serve` does: production must clear it (it prints a
// superuser token), development keeps it. main_test.go checks the same on
// the real binary's output.
func TestInstallerIsOffInProduction(t *testing.T) {
	for _, tc := range []struct {
		name          string
		env           map[string]string
		wantInstaller bool
	}{
		{"production", testapp.Production(), false},
		{"development", map[string]string{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newServeApp(t, tc.env)
			router, err := apis.NewRouter(app)
			if err != nil {
				t.Fatal(err)
			}
			event := &core.ServeEvent{App: app, Router: router, InstallerFunc: apis.DefaultInstallerFunc}
			reached := false
			err = app.OnServe().Trigger(event, func(e *core.ServeEvent) error {
				reached = true
				if got := e.InstallerFunc != nil; got != tc.wantInstaller {
					t.Errorf("installer set = %v, want %v", got, tc.wantInstaller)
				}
				return nil
			})
			if err != nil || !reached {
				t.Fatalf("serve hooks: err %v, reached the end: %v", err, reached)
			}
		})
	}
}
