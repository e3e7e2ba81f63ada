// Package hooks is the only package that binds PocketBase events. It stays
// thin: every handler calls into internal/*.
package hooks

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/web"
	"memberbase/pb_public"
	"memberbase/templates"
)

// Register binds every memberbase hook and route on app. main calls it for
// the real binary, tests call it on a tests.TestApp.
func Register(app core.App, cfg *config.Config) error {
	srv, err := web.NewServer(app, cfg, templateFS(cfg))
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	bindSettings(app, cfg)
	bindSQLLog(app, cfg)
	bindStartBanner(app, cfg, os.Stdout)
	bindSocialLinks(app, srv.Social)
	if err := bindObserve(app, cfg); err != nil {
		return err
	}
	// Intake binds before the outbox: its worker starts after the outbox's
	// (whose mails it queues) and stops before it, so nothing it queues on
	// the way out waits for the next start.
	iw, err := bindIntake(app, cfg)
	if err != nil {
		return fmt.Errorf("intake: %w", err)
	}
	if err := bindOutbox(app, cfg); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := bindPrivacy(app, cfg, iw); err != nil {
		return fmt.Errorf("privacy: %w", err)
	}
	bindMembers(app, cfg)
	if _, err := bindDues(app, cfg); err != nil {
		return fmt.Errorf("dues: %w", err)
	}
	cards := bindCard(app, cfg)
	bindJoin(app, cfg, iw, cardOnConfirmed(cards))
	if err := bindSelfService(app, cfg, iw); err != nil {
		return fmt.Errorf("selfservice: %w", err)
	}
	bindAnnouncements(app, cfg)
	bindConsentTexts(app, srv.Consent)
	bindPlanOffers(app, srv.Plans)
	if err := bindWebhooks(app, cfg); err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	bindAudit(app, cfg)
	bindBranches(app, srv.Branches)

	// The environment's settings are saved first, before the ledger replay
	// (ledgerReplayPriority): a replayed delete removes the member's files
	// in a background goroutine that reads the settings, which must not
	// be written meanwhile.
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id:       "memberbase.settings.save",
		Priority: ledgerReplayPriority - 1,
		Func: func(se *core.ServeEvent) error {
			if err := SaveSettings(se.App, cfg); err != nil {
				return err
			}
			return se.Next()
		},
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.serve",
		Func: func(se *core.ServeEvent) error {
			if cfg.IsProduction() {
				// The installer prints a superuser token to stdout: in
				// production the first superuser comes from the CLI.
				se.InstallerFunc = nil
			} else if err := seedDevelopment(se.App); err != nil {
				return err
			}
			srv.Register(se, pb_public.FS)
			return se.Next()
		},
	})
	return nil
}

// templateFS reads templates from disk in development (edits show up on
// restart without a rebuild) when run from the source tree, and from the
// embedded copy otherwise.
func templateFS(cfg *config.Config) fs.FS {
	if cfg.IsDevelopment() {
		if st, err := os.Stat("templates/layouts"); err == nil && st.IsDir() {
			return os.DirFS("templates")
		}
	}
	return templates.FS
}
