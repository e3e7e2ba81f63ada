package cli

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/audit"
	"memberbase/internal/config"
	"memberbase/internal/members"
)

// newAuditCmd is `memberbase audit` with its verify command.
func newAuditCmd(app core.App, cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:          "audit",
		Short:        "Check the access and change log",
		SilenceUsage: true,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "verify",
		Short: "Verify the audit log's hash chain and the ledger's anchors",
		Long: "Walks audit_log from the oldest kept row (a pruning checkpoint) to the newest, checking every " +
			"row's HMAC (SECRET_KEY, or one of SECRET_KEY_FALLBACKS), the seq numbers and the links, then " +
			"checks that every anchor in the ledger (LEDGER_PATH) still names its row. Exit 0, or 1 naming " +
			"the first broken row or the anchor the chain no longer reaches.",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := cfg.LedgerFile(app.DataDir())
			entries, err := members.ReadLedger(path)
			if err != nil {
				return err
			}
			rep, err := audit.Verify(app, audit.KeysFrom(cfg), audit.Anchors(entries))
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if rep.Rows == 0 {
				fmt.Fprintln(out, "audit log verified: empty")
			} else {
				fmt.Fprintf(out, "audit log verified: %d rows, seq %d to %d\n", rep.Rows, rep.First, rep.Last)
			}
			if rep.Latest == nil {
				fmt.Fprintf(out, "warning: no anchor in %s yet: removing the newest rows would go unnoticed until the first daily anchor\n", path)
				return nil
			}
			fmt.Fprintf(out, "%d anchors reached, the latest of %s (seq %d)\n", rep.Anchors, rep.Latest.Time.UTC().Format("2006-01-02 15:04:05Z"), rep.Latest.AuditSeq)
			return nil
		},
	})
	return cmd
}

// useCLIActor records the writes of a command as the CLI's (action import
// for the creates of `members import`), not the system's.
func useCLIActor(app core.App, createAction string) {
	if l := audit.From(app); l != nil {
		l.SetDefault(audit.Actor{Type: audit.ActorCLI}, createAction)
	}
}

// auditExport writes the export row (actor cli) before `members export`
// writes a line: the ids of every member present when it starts. An export
// whose row cannot be written does not run.
func auditExport(app core.App) error {
	l := audit.From(app)
	if l == nil {
		return errors.New("audit log not attached")
	}
	var ids []string
	if err := app.DB().Select("id").From("members").OrderBy("member_id").Column(&ids); err != nil {
		return fmt.Errorf("audit the export: %w", err)
	}
	return l.Append(app, audit.Entry{Actor: audit.Actor{Type: audit.ActorCLI}, Action: audit.ActionExport, Target: "members", RecordIDs: ids})
}
