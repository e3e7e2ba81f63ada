// Command memberbase is a membership registry for associations, clubs and
// unions: one binary embedding PocketBase with SQLite.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"memberbase/hooks"
	"memberbase/internal/cli"
	"memberbase/internal/config"
	"memberbase/internal/sqlitedsn"
	_ "memberbase/pb_migrations"
)

// version is stamped at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "memberbase:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	// check and healthcheck run before PocketBase exists: they must not
	// create or open pb_data.
	name, rest := cli.PrebootCommand(args)
	if name == cli.CommandHealthcheck {
		return cli.Healthcheck(context.Background(), rest, os.Stdout)
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	if name == cli.CommandCheck {
		return cli.Check(context.Background(), rest, cfg, os.Stdout)
	}
	if cfg.Release == "" {
		cfg.Release = version
	}
	if cli.CommandName(args) == "serve" {
		if err := refuseToServe(cfg); err != nil {
			return err
		}
	}
	if cfg.EncryptionKey != "" {
		// PocketBase reads the key from the variable its --encryptionEnv
		// names; setting it here covers the _FILE form too.
		if err := os.Setenv(config.EncryptionEnvName, cfg.EncryptionKey); err != nil {
			return err
		}
	}

	app := pocketbase.NewWithConfig(pocketbase.Config{
		DefaultDataDir:       cli.DefaultDataDir,
		DefaultDev:           cfg.IsDevelopment(),
		DefaultEncryptionEnv: config.EncryptionEnvName,
		DBConnect:            sqlitedsn.Connect,
		// hooks prints its own: a JSON log line in production.
		HideStartBanner: true,
	})
	if cfg.IsProduction() && app.IsDev() {
		return errors.New("--dev is not allowed with MEMBERBASE_ENV=production: it prints SQL and mail bodies")
	}
	app.RootCmd.Use = "memberbase"
	app.RootCmd.Short = "memberbase membership registry"
	app.RootCmd.Version = fmt.Sprintf("%s (PocketBase %s, %s)", version, pocketbase.Version, runtime.Version())

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		Dir:         "pb_migrations",
		Automigrate: cfg.IsDevelopment(),
	})
	if err := hooks.Register(app, cfg); err != nil {
		return err
	}
	cli.Register(app, app.RootCmd, cfg)
	return app.Start()
}

// refuseToServe prints the error-level findings that stop `serve`, one line
// each, and returns an error when there is one: every error finding in
// production, and in development those that break the server whatever the
// profile ([config.Config.StartupFindings], e.g. SMTP port 465 without TLS).
func refuseToServe(cfg *config.Config) error {
	findings, why := cfg.StartupFindings(), "refusing to start: fix the configuration errors above"
	if cfg.IsProduction() {
		findings, why = cfg.Validate(), "refusing to start in production: fix the configuration errors above"
	}
	errs := config.Errors(findings)
	for _, f := range errs {
		fmt.Fprintln(os.Stderr, f.String())
	}
	if len(errs) > 0 {
		return errors.New(why)
	}
	return nil
}
