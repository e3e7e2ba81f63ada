package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// validateLedger requires LEDGER_PATH in production: the default sits
// beside the data dir, where a restore of the whole volume would take the
// ledger back with the data it must correct (SPEC §9).
func (c *Config) validateLedger(add func(id, level, v, msg, fix string)) {
	if c.IsProduction() && c.LedgerPath == "" {
		add("MB.E020", LevelError, "LEDGER_PATH", "MEMBERBASE_LEDGER_PATH is not set: production keeps the restore-safety ledger on its own volume",
			"set MEMBERBASE_LEDGER_PATH to a file on a volume outside the data dir, e.g. /ledger/memberbase-ledger.jsonl")
	}
}

// CheckLedger is the start-up check of the ledger in production (serve
// runs it before replaying the ledger): LEDGER_PATH set, outside dataDir,
// and open for appending (created when missing). Every error names
// MEMBERBASE_LEDGER_PATH. Other profiles pass.
func (c *Config) CheckLedger(dataDir string) error {
	if !c.IsProduction() {
		return nil
	}
	name := Prefix + "LEDGER_PATH"
	if c.LedgerPath == "" {
		return fmt.Errorf("%s is not set: production needs the restore-safety ledger outside the data dir", name)
	}
	inside, err := within(c.LedgerPath, dataDir)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if inside {
		return fmt.Errorf("%s %s is inside the data dir %s: a restore would roll it back with the data", name, c.LedgerPath, dataDir)
	}
	f, err := os.OpenFile(c.LedgerPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("%s is not writable: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s is not writable: %w", name, err)
	}
	return nil
}

// within reports whether path lies in dir (or is dir), with symbolic links
// of both resolved as far as they exist.
func within(path, dir string) (bool, error) {
	p, err := resolve(path)
	if err != nil {
		return false, err
	}
	d, err := resolve(dir)
	if err != nil {
		return false, err
	}
	rel, err := filepath.Rel(d, p)
	if err != nil {
		return false, nil // different volumes (Windows): not inside
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))), nil
}

// resolve makes path absolute and resolves the symbolic links of its
// longest existing prefix; the rest is kept as written.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; cur = filepath.Dir(cur) {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, os.ErrNotExist) || filepath.Dir(cur) == cur {
			return "", err
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
	}
}
