package cli

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"memberbase/internal/audit"
	"memberbase/internal/config"
	"memberbase/internal/dues"
	"memberbase/internal/members"
)

// newPaymentsCmd is `memberbase payments` with its import command.
func newPaymentsCmd(app core.App, cfg *config.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:           "payments",
		Short:         "Import bank statements and payroll remittance lists",
		SilenceUsage:  true,
		SilenceErrors: true, // main prints the error once
	}
	cmd.AddCommand(newPaymentsImportCmd(app, cfg))
	return cmd
}

// paymentsFlags are the flags of `payments import`.
type paymentsFlags struct {
	dryRun       bool
	mapping      []string
	decimalComma bool
	delimiter    string
	encoding     string
	method       string
	batch        int
}

func newPaymentsImportCmd(app core.App, cfg *config.Config) *cobra.Command {
	var fl paymentsFlags
	cmd := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import incoming payments from a bank CSV export or a payroll remittance list",
		Long: "Validates every line first and writes nothing if any line is invalid; then stores each payment, " +
			"matched to the member whose ID is in its reference (it pays that member's oldest due period) or " +
			"unmatched for an editor to assign. Lines already imported (same external_id, or without one the same " +
			"date, amount, currency, reference and payer) are skipped. Debits are left out. Formats and rules: docs/dues.md.",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := fl.statementOptions(cfg)
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			st, err := dues.ReadStatement(f, opts)
			return runPaymentsImport(app, cfg, st, err, cmd.OutOrStdout(), cmd.ErrOrStderr(), fl)
		},
	}
	cmd.Flags().BoolVar(&fl.dryRun, "dry-run", false, "validate, match and report, write nothing")
	cmd.Flags().StringSliceVar(&fl.mapping, "map", nil, "column=Header pairs naming the file's headers, e.g. received_on=Buchungstag,amount=Betrag")
	cmd.Flags().BoolVar(&fl.decimalComma, "decimal-comma", false, "amounts are written 1.234,50")
	cmd.Flags().StringVar(&fl.delimiter, "delimiter", ",", "field separator (one character, or \"tab\")")
	cmd.Flags().StringVar(&fl.encoding, "encoding", "utf-8", "file encoding: utf-8 or latin1")
	cmd.Flags().StringVar(&fl.method, "method", "bank_transfer", "method of lines without a method column (payroll for remittance lists)")
	cmd.Flags().IntVar(&fl.batch, "batch-size", members.DefaultBatchSize, "rows per transaction")
	return cmd
}

// statementOptions checks the flags.
func (fl paymentsFlags) statementOptions(cfg *config.Config) (dues.StatementOptions, error) {
	o := dues.StatementOptions{Map: map[string]string{}, DecimalComma: fl.decimalComma, Currency: cfg.Currency, Method: fl.method}
	for _, pair := range fl.mapping {
		col, header, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(col) == "" || strings.TrimSpace(header) == "" {
			return o, fmt.Errorf("--map %q: want column=Header", pair)
		}
		o.Map[strings.ToLower(strings.TrimSpace(col))] = header
	}
	switch d := fl.delimiter; {
	case d == "tab" || d == `\t`:
		o.Delimiter = '\t'
	case utf8.RuneCountInString(d) == 1:
		o.Delimiter, _ = utf8.DecodeRuneInString(d)
	default:
		return o, fmt.Errorf("--delimiter %q: want one character or \"tab\"", d)
	}
	switch strings.ToLower(strings.ReplaceAll(fl.encoding, "-", "")) {
	case "utf8":
	case "latin1", "iso88591":
		o.Latin1 = true
	default:
		return o, fmt.Errorf("--encoding %q: want utf-8 or latin1", fl.encoding)
	}
	return o, nil
}

// runPaymentsImport prints the problems of a file that did not validate, or
// imports it and prints the summary.
func runPaymentsImport(app core.App, cfg *config.Config, st dues.Statement, err error, stdout, stderr io.Writer, fl paymentsFlags) error {
	if err != nil {
		printProblems(stderr, err)
		return err
	}
	opts := dues.ImportOptions{
		Format:    members.IDFormat{Prefix: cfg.MemberIDPrefix, Width: cfg.MemberIDWidth},
		DryRun:    fl.dryRun,
		BatchSize: fl.batch,
	}
	useCLIActor(app, audit.ActionImport)
	if len(st.Rows) > 2*members.DefaultBatchSize {
		opts.Progress = stderr // large files: show that it moves
	}
	res, err := dues.ImportPayments(app, st, opts)
	if err != nil {
		stored := res.Matched + res.Unmatched
		return fmt.Errorf("import stopped after %d stored payments (re-run to resume): %w", stored, err)
	}
	verb := "stored"
	if fl.dryRun {
		verb = "would be stored (dry run, nothing written)"
	}
	fmt.Fprintf(stdout, "%d payments: %d matched, %d unmatched, %d already imported; %s\n",
		res.Rows, res.Matched, res.Unmatched, res.Skipped, verb)
	if res.Unmatched > 0 {
		fmt.Fprintf(stdout, "unmatched lines (assign them in the dashboard):\n%s", unmatchedList(res.UnmatchedRows))
	}
	if res.Credit > 0 {
		fmt.Fprintf(stdout, "%d payments kept as credit (%s): more than was due, or nothing due; the member's next period is paid from it\n",
			res.Credit, creditAmounts(res.CreditAmount))
	}
	if res.Outgoing > 0 {
		fmt.Fprintf(stdout, "%d outgoing or zero lines left out\n", res.Outgoing)
	}
	return nil
}

// unmatchedList prints one line per unmatched row with its reason, at
// most maxProblemsShown of them.
func unmatchedList(rows []dues.UnmatchedRow) string {
	var b strings.Builder
	for i, r := range rows {
		if i == maxProblemsShown {
			fmt.Fprintf(&b, "  ... and %d more\n", len(rows)-i)
			break
		}
		fmt.Fprintf(&b, "  line %d: %s\n", r.Line, r.Reason)
	}
	return b.String()
}

// creditAmounts writes amounts in minor units by currency ("€ 70.00,
// ¥ 500"), in a stable order.
func creditAmounts(byCurrency map[string]int) string {
	curs := slices.Sorted(maps.Keys(byCurrency))
	out := make([]string, len(curs))
	for i, c := range curs {
		out[i] = dues.FormatMoney(byCurrency[c], c)
	}
	return strings.Join(out, ", ")
}
