// Package testapp builds real PocketBase test apps with memberbase's schema,
// configuration and hooks, for tests in every package.
package testapp

import (
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/hooks"
	"memberbase/internal/config"
	"memberbase/internal/observe"
	_ "memberbase/pb_migrations" // the schema under test
)

// Config loads a configuration from env (MEMBERBASE_ prefix implied; keys
// may be given with or without it) and fails the test on a malformed value.
// Without LEDGER_PATH the test gets a ledger of its own in a temp dir.
func Config(t testing.TB, env map[string]string) *config.Config {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return env[k[len(config.Prefix):]]
	})
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	if cfg.Release == "" {
		cfg.Release = "test"
	}
	if cfg.LedgerPath == "" {
		// Production requires it; and the default sits beside the data
		// dir, in the shared temp dir: each test gets its own ledger, or
		// one test's would be replayed into another's app.
		cfg.LedgerPath = filepath.Join(t.TempDir(), "ledger.jsonl")
	}
	return cfg
}

// New returns a fresh test app (empty data dir + our migrations) with the
// environment's settings applied and every memberbase hook registered. The
// app is cleaned up when the test ends.
func New(t testing.TB, env map[string]string) (*tests.TestApp, *config.Config) {
	t.Helper()
	cfg := Config(t, env)
	app := NewWithConfig(t, cfg)
	t.Cleanup(app.Cleanup)
	return app, cfg
}

// NewWithConfig is New for a ready configuration; the caller cleans up (as
// tests.ApiScenario's TestAppFactory expects).
func NewWithConfig(t testing.TB, cfg *config.Config) *tests.TestApp {
	t.Helper()
	if cfg.LedgerPath == "" {
		// The default sits beside the data dir, in the shared temp dir:
		// each test gets its own ledger, or one test's would be replayed
		// into another's app.
		cfg.LedgerPath = filepath.Join(t.TempDir(), "ledger.jsonl")
	}
	tpl, err := migratedDir()
	if err != nil {
		t.Fatalf("test app: %v", err)
	}
	return open(t, tpl, cfg)
}

// Factory returns an ApiScenario TestAppFactory for env.
func Factory(env map[string]string) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		return NewWithConfig(t, Config(t, env))
	}
}

// Production is a complete, valid production environment for tests (obviously
// fake secrets).
func Production() map[string]string {
	return map[string]string{
		"ENV":            "production",
		"SECRET_KEY":     "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
		"ENCRYPTION_KEY": "test-only-encryption-key-32chars",
		"ALLOWED_HOSTS":  "members.example.org",
		"BASE_URL":       "https://members.example.org",
		"SMTP_HOST":      "127.0.0.1",
		"SMTP_PORT":      "2525",
		"MAIL_FROM":      "noreply@example.org",
		"ORG_NAME":       "Example Union",
		"RATE_LIMIT":     "off",
	}
}

// prepare gives a fresh test app the environment's settings, a log buffer
// for its stdout logger (see [Logs]) and every memberbase hook.
func prepare(app core.App, cfg *config.Config) error {
	// A test app is bootstrapped before hooks are bound, so OnBootstrap
	// never fires: apply the environment's settings directly.
	cfg.ApplySettings(app.Settings())
	app.Settings().Logs.MaxDays = 0 // no _logs writes unless a test asks
	logs := &LogBuffer{}
	app.Store().Set(logsKey, logs)
	observe.Attach(app, observe.NewLogger(cfg, logs))
	return hooks.Register(app, cfg)
}
