package config

import (
	"path/filepath"
	"testing"
	"time"
)

func TestAuditOptions(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	dev, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if dev.AuditRetention != 17520*time.Hour || !dev.AllowSQLConsole || dev.LedgerPath != "" {
		t.Errorf("development: retention %v, sql console %v, ledger %q", dev.AuditRetention, dev.AllowSQLConsole, dev.LedgerPath)
	}
	if got, want := dev.LedgerFile("/srv/mb/pb_data/"), filepath.Join("/srv/mb", DefaultLedgerName); got != want {
		t.Errorf("default ledger %q, want %q", got, want)
	}
	prod, err := Load(env(map[string]string{Prefix + "ENV": Production, Prefix + "LEDGER_PATH": "/ledger/l.jsonl", Prefix + "AUDIT_RETENTION": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if prod.AllowSQLConsole || prod.AuditRetention != 0 || prod.LedgerFile("/pb_data") != "/ledger/l.jsonl" {
		t.Errorf("production: sql console %v, retention %v, ledger %q", prod.AllowSQLConsole, prod.AuditRetention, prod.LedgerFile("/pb_data"))
	}
	for _, bad := range []string{"-1h", "1h", "soon"} {
		if _, err := Load(env(map[string]string{Prefix + "AUDIT_RETENTION": bad})); err == nil {
			t.Errorf("AUDIT_RETENTION=%s accepted", bad)
		}
	}
}
