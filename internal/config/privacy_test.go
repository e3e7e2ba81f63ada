package config

import (
	"testing"
	"time"
)

func TestPrivacyDefaultsAndValues(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.PrivacyContact != c.MailFrom || c.PrivacyNoticeURL != "" || c.EraseLeftAfter != 0 || c.LogSQL {
		t.Errorf("development defaults: contact %q notice %q erase %v log sql %v", c.PrivacyContact, c.PrivacyNoticeURL, c.EraseLeftAfter, c.LogSQL)
	}
	c, err = Load(env(map[string]string{
		"PRIVACY_CONTACT":    "privacy@example.org",
		"PRIVACY_NOTICE_URL": "https://example.org/privacy",
		"ERASE_LEFT_AFTER":   "8760h",
		"LOG_SQL":            "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PrivacyContact != "privacy@example.org" || c.PrivacyNoticeURL != "https://example.org/privacy" || c.EraseLeftAfter != 8760*time.Hour || !c.LogSQL {
		t.Errorf("values not loaded: %+v", c)
	}
}

// TestPrivacyFindingsInProductionOnly: the contact falling back to MAIL_FROM
// and a zero ERASE_LEFT_AFTER are production warnings; set explicitly (even
// to MAIL_FROM) the contact is fine.
func TestPrivacyFindingsInProductionOnly(t *testing.T) {
	prod := map[string]string{"ENV": "production", "MAIL_FROM": "noreply@example.org"}
	c, _ := Load(env(prod))
	if c.PrivacyContact != "noreply@example.org" || !hasID(c.Validate(), "MB.W014") || !hasID(c.Validate(), "MB.W015") {
		t.Errorf("production without privacy settings: contact %q, findings %v", c.PrivacyContact, c.Validate())
	}
	prod["PRIVACY_CONTACT"] = "noreply@example.org"
	prod["ERASE_LEFT_AFTER"] = "720h"
	c, _ = Load(env(prod))
	if hasID(c.Validate(), "MB.W014") || hasID(c.Validate(), "MB.W015") {
		t.Errorf("privacy settings given, still reported: %v", c.Validate())
	}
	dev, _ := Load(env(map[string]string{"PRIVACY_NOTICE_URL": "http://localhost:3000/privacy"}))
	for _, id := range []string{"MB.W014", "MB.W015", "MB.E019"} {
		if hasID(dev.Validate(), id) {
			t.Errorf("development reports %s", id)
		}
	}
}
