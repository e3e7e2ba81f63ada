package config

import (
	"strings"
	"testing"
)

// TestSMTPPort465NeedsTLS: port 465 without SMTP_TLS hangs every send; it is
// an error in every profile once SMTP_HOST is set, with the fix spelled out.
func TestSMTPPort465NeedsTLS(t *testing.T) {
	for _, profile := range []string{Development, Production} {
		c, err := Load(env(map[string]string{"ENV": profile, "SMTP_HOST": "smtp.example.org", "SMTP_PORT": "465"}))
		if err != nil {
			t.Fatal(err)
		}
		errs := Errors(c.StartupFindings())
		if len(errs) != 1 || errs[0].ID != "MB.E017" || !strings.Contains(errs[0].String(), "(fix: set MEMBERBASE_SMTP_TLS=true)") {
			t.Errorf("%s: startup errors %v, want MB.E017 with its fix", profile, errs)
		}
	}
	for _, e := range []map[string]string{
		{"SMTP_HOST": "smtp.example.org", "SMTP_PORT": "465", "SMTP_TLS": "true"},
		{"SMTP_HOST": "smtp.example.org", "SMTP_PORT": "587"},
		{"SMTP_PORT": "465"}, // no SMTP host: mails go to the console
	} {
		c, err := Load(env(e))
		if err != nil {
			t.Fatal(err)
		}
		if fs := c.StartupFindings(); len(fs) != 0 {
			t.Errorf("%v: %v", e, fs)
		}
	}
}

func TestLogSQLIsAnErrorInProductionOnly(t *testing.T) {
	prod, _ := Load(env(map[string]string{"ENV": "production", "LOG_SQL": "true"}))
	if !hasID(Errors(prod.Validate()), "MB.E018") {
		t.Error("LOG_SQL=true in production is not an error")
	}
	dev, _ := Load(env(map[string]string{"LOG_SQL": "true"}))
	if hasID(dev.Validate(), "MB.E018") {
		t.Error("LOG_SQL=true in development reported")
	}
}
