package config

import (
	"strings"
	"testing"
	"time"
)

func TestPrivacySettings(t *testing.T) {
	c, err := Load(env(map[string]string{"MAIL_FROM": "office@example.org"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PrivacyContact != "office@example.org" || c.PrivacyNoticeURL != "" || c.EraseLeftAfter != 0 {
		t.Errorf("defaults: %+v", c.PrivacySettings)
	}
	if c, err := Load(env(map[string]string{"ENV": "production"})); err != nil || c.PrivacyContact != "" {
		t.Errorf("production without MAIL_FROM: %q %v", c.PrivacyContact, err)
	}
	c, err = Load(env(map[string]string{"PRIVACY_CONTACT": "privacy@example.org",
		"PRIVACY_NOTICE_URL": "https://example.org/privacy", "ERASE_LEFT_AFTER": "8760h"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PrivacyContact != "privacy@example.org" || c.PrivacyNoticeURL != "https://example.org/privacy" || c.EraseLeftAfter != 8760*time.Hour {
		t.Errorf("set: %+v", c.PrivacySettings)
	}
	for name, v := range map[string]string{
		"PRIVACY_CONTACT":    "Privacy <privacy@example.org>",
		"PRIVACY_NOTICE_URL": "/privacy",
		"ERASE_LEFT_AFTER":   "-1h",
	} {
		if _, err := Load(env(map[string]string{name: v})); err == nil || !strings.Contains(err.Error(), Prefix+name) {
			t.Errorf("%s=%q: %v", name, v, err)
		}
	}
}
