package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/audit"
	"memberbase/internal/config"
	"memberbase/internal/members"
)

// maxProblemsShown caps the problems printed for one file: a wrong file can
// have 100,000 bad rows.
const maxProblemsShown = 200

// newMembersCmd is `memberbase members` with its import and export commands.
func newMembersCmd(app core.App, cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:          "members",
		Short:        "Import or export the member register",
		SilenceUsage: true,
		// main prints the error once; cobra would print it again on the
		// real stderr this command writes to.
		SilenceErrors: true,
	}
	cmd.AddCommand(newMembersImportCmd(app, cfg), newMembersExportCmd(app))
	return cmd
}

func newMembersImportCmd(app core.App, cfg *config.Config) *cobra.Command {
	var dryRun bool
	var batch int
	cmd := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import members from a UTF-8 CSV file with a header row (or a JSON export: FILE.json)",
		Long: "Validates every row first and writes nothing if any row is invalid; then writes in batches " +
			"(a running serve keeps answering). A row that is already there (same member_id and email) is skipped, " +
			"so a re-run after an interruption resumes; a row that clashes with another member is an error. " +
			"Given member IDs are kept and the sequence moves past the highest. Sends no mail. " +
			"Columns and rules: docs/import-export.md.",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			read := members.ReadCSV
			if strings.EqualFold(filepath.Ext(args[0]), ".json") {
				read = members.ReadJSON // what `members export --format json` writes
			}
			rows, err := read(f)
			return runImport(app, cfg, rows, err, cmd.OutOrStdout(), cmd.ErrOrStderr(), members.ImportOptions{DryRun: dryRun, BatchSize: batch})
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "validate and report, write nothing")
	cmd.Flags().IntVar(&batch, "batch-size", members.DefaultBatchSize, "rows per transaction")
	return cmd
}

// runImport prints the problems (line, column, reason) of a file that did not
// validate or clashes with the register, or imports its rows and prints a
// summary.
func runImport(app core.App, cfg *config.Config, rows []members.Row, err error, stdout, stderr io.Writer, opts members.ImportOptions) error {
	if err != nil {
		printProblems(stderr, err)
		return err
	}
	opts.Format = members.IDFormat{Prefix: cfg.MemberIDPrefix, Width: cfg.MemberIDWidth}
	opts.Suppression = members.Suppression{Keys: cfg.DerivedKeys(config.SuppressPurpose)}
	useCLIActor(app, audit.ActionImport)
	if len(rows) > 2*members.DefaultBatchSize {
		opts.Progress = stderr // large files: show that it moves
	}
	res, err := members.Import(app, rows, opts)
	if err != nil {
		if printProblems(stderr, err) {
			return err // found before anything was written
		}
		return fmt.Errorf("import stopped after %d created rows (re-run to resume): %w", res.Created, err)
	}
	verb := "created"
	if opts.DryRun {
		verb = "would create (dry run, nothing written)"
	}
	fmt.Fprintf(stdout, "%d valid rows: %d %s, %d already present; member sequence at %d\n",
		res.Rows, res.Created, verb, res.Skipped, res.Sequence)
	return nil
}

// printProblems prints the problems of an [*members.InvalidFileError], at
// most maxProblemsShown of them, and reports whether err was one.
func printProblems(stderr io.Writer, err error) bool {
	var invalid *members.InvalidFileError
	if !errors.As(err, &invalid) {
		return false
	}
	for i, p := range invalid.Problems {
		if i == maxProblemsShown {
			fmt.Fprintf(stderr, "... and %d more\n", len(invalid.Problems)-i)
			break
		}
		fmt.Fprintln(stderr, p.Error())
	}
	return true
}
