package hooks

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
)

// bindSettings keeps PocketBase's settings in step with the environment: they
// are applied in memory after bootstrap (every command) and again after every
// reload, since a dashboard save reloads settings from the database and would
// otherwise drop what the environment decides.
func bindSettings(app core.App, cfg *config.Config) {
	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
		Id: "memberbase.settings.bootstrap",
		Func: func(e *core.BootstrapEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			cfg.ApplySettings(e.App.Settings())
			return nil
		},
	})
	app.OnSettingsReload().Bind(&hook.Handler[*core.SettingsReloadEvent]{
		Id: "memberbase.settings.reload",
		Func: func(e *core.SettingsReloadEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			cfg.ApplySettings(e.App.Settings())
			return nil
		},
	})
}

// SaveSettings applies the environment's settings and persists them. Only
// `serve` calls it, so a CLI run never overwrites the server's settings.
func SaveSettings(app core.App, cfg *config.Config) error {
	s := app.Settings()
	cfg.ApplySettings(s)
	if err := app.Save(s); err != nil {
		return fmt.Errorf("save settings from the environment: %w", err)
	}
	return nil
}
