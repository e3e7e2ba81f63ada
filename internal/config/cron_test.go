package config

import (
	"strings"
	"testing"
)

// TestBackupCronUsesPocketBaseSyntax: a schedule PocketBase would refuse at
// its settings save stops loading instead, naming the variable.
func TestBackupCronUsesPocketBaseSyntax(t *testing.T) {
	for v, ok := range map[string]bool{
		"":               true,
		"0 3 * * *":      true,
		"*/15 2 * * 1-5": true,
		"@daily":         true,
		"@fortnightly":   false,
		"61 3 * * *":     false,
		"0 3 * *":        false,
		"0 3 * * * *":    false,
	} {
		_, err := Load(func(k string) string {
			if k == Prefix+"BACKUP_CRON" {
				return v
			}
			return ""
		})
		if ok && err != nil {
			t.Errorf("%q refused: %v", v, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "MEMBERBASE_BACKUP_CRON")) {
			t.Errorf("%q: want an error naming MEMBERBASE_BACKUP_CRON, got %v", v, err)
		}
	}
}
