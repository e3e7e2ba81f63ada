package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"

	"memberbase/internal/config"
)

// DefaultDataDir is where PocketBase keeps its data unless --dir says
// otherwise; main and `check --deploy` must agree on it.
const DefaultDataDir = "./pb_data"

const checkUsage = "memberbase check --deploy [--fail-level error|warning] [--dir DIR]"

// Check runs `check --deploy [--fail-level error|warning] [--dir DIR]`, our
// Django `check --deploy`: it prints one line per finding of cfg judged as a
// production deployment, errors first, then a summary, and returns an error
// when a finding at or above the fail level exists. It runs before PocketBase
// is constructed and never creates pb_data; the one check that needs the
// database (superuser MFA) reads it read-only, only when it already exists.
func Check(ctx context.Context, args []string, cfg *config.Config, out io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	deploy := fs.Bool("deploy", false, "run the deployment checks")
	failLevel := fs.String("fail-level", config.LevelError, "lowest level that fails: error or warning")
	dir, dev := persistentFlags(fs)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(out, checkUsage)
		return nil
	} else if err != nil {
		return fmt.Errorf("check: %w (usage: %s)", err, checkUsage)
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("check: unexpected argument %q", fs.Arg(0))
	case !*deploy:
		return errors.New("check: memberbase has only deployment checks: run `memberbase check --deploy`")
	case *failLevel != config.LevelError && *failLevel != config.LevelWarning:
		return fmt.Errorf("check: --fail-level %q is not error or warning", *failLevel)
	}

	findings := cfg.Validate()
	if *dev {
		findings = append(findings, config.Finding{
			ID: "MB.E015", Level: config.LevelError, Var: "--dev",
			Message: "PocketBase dev mode (--dev) prints every SQL statement and mail body",
			Fix:     "drop --dev",
		})
	}
	findings = append(findings, mfaFindings(ctx, *dir)...)
	return report(out, findings, *failLevel)
}

// report prints the findings, errors first, and a Django-like summary; it
// returns an error counting the findings at or above failLevel.
func report(out io.Writer, findings []config.Finding, failLevel string) error {
	slices.SortStableFunc(findings, func(a, b config.Finding) int {
		return levelRank(a.Level) - levelRank(b.Level)
	})
	failing, errs := 0, 0
	for _, f := range findings {
		fmt.Fprintln(out, f.String())
		if f.AtLeast(failLevel) {
			failing++
		}
		if f.Level == config.LevelError {
			errs++
		}
	}
	fmt.Fprintf(out, "check --deploy: %d error(s), %d warning(s)\n", errs, len(findings)-errs)
	if failing > 0 {
		return fmt.Errorf("check --deploy: %d finding(s) at or above --fail-level %s", failing, failLevel)
	}
	return nil
}

func levelRank(level string) int {
	if level == config.LevelError {
		return 0
	}
	return 1
}
