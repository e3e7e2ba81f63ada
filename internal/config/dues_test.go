package config

import (
	"testing"
	"time"
)

func TestDuesOptions(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	dev, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if dev.Currency != "EUR" || dev.LifecycleCron != "15 4 * * *" || dev.RenewalNoticeDays != 30 || dev.FinanceRetention != 0 {
		t.Errorf("defaults: %q %q %d %v", dev.Currency, dev.LifecycleCron, dev.RenewalNoticeDays, dev.FinanceRetention)
	}
	set, err := Load(env(map[string]string{Prefix + "CURRENCY": "chf", Prefix + "LIFECYCLE_CRON": "@hourly", Prefix + "RENEWAL_NOTICE_DAYS": "14", Prefix + "FINANCE_RETENTION": "87600h"}))
	if err != nil {
		t.Fatal(err)
	}
	if set.Currency != "CHF" || set.LifecycleCron != "@hourly" || set.RenewalNoticeDays != 14 || set.FinanceRetention != 87600*time.Hour {
		t.Errorf("set: %q %q %d %v", set.Currency, set.LifecycleCron, set.RenewalNoticeDays, set.FinanceRetention)
	}
	for name, bad := range map[string][]string{
		"CURRENCY":            {"EURO", "XYZ1"},
		"LIFECYCLE_CRON":      {"daily", "61 * * * *"},
		"RENEWAL_NOTICE_DAYS": {"0", "366", "x"},
		"FINANCE_RETENTION":   {"-1h", "ten years"},
	} {
		for _, v := range bad {
			if _, err := Load(env(map[string]string{Prefix + name: v})); err == nil {
				t.Errorf("%s=%q accepted", name, v)
			}
		}
	}
}
