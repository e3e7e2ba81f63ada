// Package cli holds memberbase's own commands and the rules every command
// follows (our migrations applied before any data is touched).
package cli

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/config"
)

// Register adds memberbase's commands to root and makes every command but
// `serve` and `migrate` apply pending migrations first: PocketBase applies
// app migrations only on those two.
func Register(app core.App, root *cobra.Command, cfg *config.Config) {
	root.AddCommand(newMembersCmd(app, cfg), newAuditCmd(app, cfg))
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		top := cmd
		for top.HasParent() && top.Parent() != root {
			top = top.Parent()
		}
		switch top.Name() {
		case "serve", "migrate", root.Name():
			return nil
		}
		if err := app.RunAllMigrations(); err != nil {
			return fmt.Errorf("apply migrations: %w", err)
		}
		useCLIActor(app, "")
		return nil
	}
}
