package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/members"
)

func newMembersExportCmd(app core.App) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export every member (erased tombstones included) with the import columns",
		Long: "Streams all members as CSV or JSON with exactly the import columns, ordered by member ID. " +
			"The file holds personal data: --output creates it readable by its owner only.",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != members.FormatCSV && format != members.FormatJSON {
				return fmt.Errorf("--format must be csv or json, got %q", format)
			}
			if err := auditExport(app); err != nil {
				return err
			}
			if output == "" || output == "-" {
				_, err := members.Export(app, cmd.OutOrStdout(), format)
				return err
			}
			n, err := exportToFile(app, output, format)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "exported %d members to %s\n", n, output)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", members.FormatCSV, "csv or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE (mode 0600) instead of stdout")
	return cmd
}

// exportToFile writes the export next to path and renames it into place, so
// an interrupted export never leaves a truncated file under the final name.
func exportToFile(app core.App, path, format string) (n int, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".members-export-*")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return 0, err
	}
	n, err = members.Export(app, io.Writer(tmp), format)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return n, fmt.Errorf("move export into place: %w", err)
	}
	return n, nil
}
