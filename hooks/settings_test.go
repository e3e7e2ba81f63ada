package hooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/hooks"
	"memberbase/internal/testapp"
)

func storedSettings(t *testing.T, app core.App) string {
	t.Helper()
	var v string
	if err := app.DB().NewQuery("SELECT value FROM _params WHERE id = 'settings'").Row(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestServeSavesSettingsAndTheySurviveAReload(t *testing.T) {
	app, cfg := testapp.New(t, map[string]string{"ORG_NAME": "Test Union", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "2525"})
	if err := hooks.SaveSettings(app, cfg); err != nil {
		t.Fatal(err)
	}
	if v := storedSettings(t, app); !strings.Contains(v, `"appName":"Test Union"`) {
		t.Fatalf("settings not saved: %s", v)
	}

	// A dashboard save replaces the stored settings and reloads them; the
	// environment's values must win again in memory.
	s, err := app.Settings().Clone()
	if err != nil {
		t.Fatal(err)
	}
	s.Meta.AppName = "Changed In Dashboard"
	s.SMTP.Enabled = false
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	if got := app.Settings().Meta.AppName; got != "Test Union" {
		t.Errorf("after reload AppName = %q, want the environment's", got)
	}
	if !app.Settings().SMTP.Enabled || app.Settings().SMTP.Port != 2525 {
		t.Errorf("SMTP from the environment lost after reload: %+v", app.Settings().SMTP)
	}
	if !app.Settings().RateLimits.Enabled {
		t.Error("rate limits not enabled from the environment")
	}
}

func TestCLICommandDoesNotOverwriteServerSettings(t *testing.T) {
	app, cfg := testapp.New(t, map[string]string{"ORG_NAME": "Server Org"})
	if err := hooks.SaveSettings(app, cfg); err != nil {
		t.Fatal(err)
	}

	// A CLI process on the same data dir with other values: bootstrap applies
	// them in memory only.
	cli := core.NewBaseApp(core.BaseAppConfig{DataDir: app.DataDir(), EncryptionEnv: "pb_test_env"})
	cliCfg := testapp.Config(t, map[string]string{"ORG_NAME": "CLI Org"})
	if err := hooks.Register(cli, cliCfg); err != nil {
		t.Fatal(err)
	}
	if err := cli.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cli.ClearBootstrap() }()
	if got := cli.Settings().Meta.AppName; got != "CLI Org" {
		t.Errorf("CLI in-memory AppName = %q", got)
	}
	if v := storedSettings(t, app); !strings.Contains(v, "Server Org") || strings.Contains(v, "CLI Org") {
		t.Errorf("stored settings changed by a CLI run: %s", v)
	}
}
