package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/config"
	"memberbase/internal/sqlitedsn"
)

// newTestApp is tests.NewTestApp on a copy of dir, with its databases opened
// the way the binary opens them ([sqlitedsn.Connect]: secure_delete, BEGIN
// IMMEDIATE), so a test sees what production leaves on disk and how its
// transactions take locks.
func newTestApp(dir string) (*tests.TestApp, error) {
	return tests.NewTestAppWithConfig(core.BaseAppConfig{
		DataDir:       dir,
		EncryptionEnv: "pb_test_env", // as tests.NewTestApp
		DBConnect:     sqlitedsn.Connect,
	})
}

// open returns a test app on a copy of dir, prepared (settings, logs, every
// memberbase hook); the caller cleans it up.
func open(t testing.TB, dir string, cfg *config.Config) *tests.TestApp {
	t.Helper()
	app, err := newTestApp(dir)
	if err != nil {
		t.Fatalf("test app: %v", err)
	}
	if err := prepare(app, cfg); err != nil {
		app.Cleanup()
		t.Fatalf("hooks: %v", err)
	}
	return app
}
