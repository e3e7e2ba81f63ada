// Package cli holds memberbase's own commands and the rules every command
// follows (our migrations applied before any data is touched).
package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/config"
)

// Register adds memberbase's commands to root and makes every command but
// `serve` and `migrate` apply pending migrations first: PocketBase applies
// app migrations only on those two. Our commands write their problems,
// progress and summaries to os.Stderr: PocketBase gives its root command a
// no-op error writer, which every subcommand would otherwise inherit.
func Register(app core.App, root *cobra.Command, cfg *config.Config) {
	register(app, root, cfg, os.Stderr)
}

// register is [Register] with the error writer of our commands given, so
// tests can read it.
func register(app core.App, root *cobra.Command, cfg *config.Config, stderr io.Writer) {
	membersCmd := newMembersCmd(app, cfg)
	membersCmd.SetErr(stderr)
	auditCmd := newAuditCmd(app, cfg)
	auditCmd.SetErr(stderr)
	paymentsCmd := newPaymentsCmd(app, cfg)
	paymentsCmd.SetErr(stderr)
	root.AddCommand(membersCmd, auditCmd, paymentsCmd)
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
