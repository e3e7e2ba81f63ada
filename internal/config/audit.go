package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// DefaultLedgerName is the ledger's file name when LEDGER_PATH is not set: it
// sits next to the data dir, not in it, so restoring a backup leaves it alone.
const DefaultLedgerName = "memberbase-ledger.jsonl"

// LedgerFile returns LEDGER_PATH, or its default beside dataDir.
func (c *Config) LedgerFile(dataDir string) string {
	if c.LedgerPath != "" {
		return c.LedgerPath
	}
	return filepath.Join(filepath.Dir(filepath.Clean(dataDir)), DefaultLedgerName)
}

// setAuditRetention accepts 0 (keep every row) or a duration of at least a
// day: pruning runs daily, and a shorter window would prune rows younger than
// the last anchor.
func setAuditRetention(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 || (d > 0 && d < 24*time.Hour) {
		return fmt.Errorf("%q is not 0 or a duration of at least 24h", v)
	}
	c.AuditRetention = d
	return nil
}
