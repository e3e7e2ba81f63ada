package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// setPrivacyContact accepts a plain e-mail address, like MAIL_FROM: it goes
// into pages and mails as the address to write to. Empty falls back to
// MAIL_FROM in [Load].
func setPrivacyContact(c *Config, v string) error {
	c.PrivacyContact = v
	if v == "" {
		return nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return fmt.Errorf("%q is not a plain e-mail address", v)
	}
	return nil
}

// setPrivacyNoticeURL accepts an absolute http(s) URL; production wants
// https ([Config.validatePrivacy]).
func setPrivacyNoticeURL(c *Config, v string) error {
	c.PrivacyNoticeURL = ""
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return fmt.Errorf("%q is not an absolute http(s) URL", v)
	}
	c.PrivacyNoticeURL = u.String()
	return nil
}

// setEraseLeftAfter accepts a non-negative duration; 0 keeps former members
// forever.
func setEraseLeftAfter(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 {
		return fmt.Errorf("%q is not a duration like 8760h, or 0 for never", v)
	}
	c.EraseLeftAfter = d
	return nil
}

// validatePrivacy reports, in production, what the privacy notice (SPEC §13)
// and the retention of former members (§14) need: a contact of its own, an
// https notice, and a retention period.
func (c *Config) validatePrivacy(add func(id, level, v, msg, fix string)) {
	if !c.IsProduction() {
		return
	}
	if c.PrivacyNoticeURL != "" && !strings.HasPrefix(c.PrivacyNoticeURL, "https://") {
		add("MB.E019", LevelError, "PRIVACY_NOTICE_URL", "MEMBERBASE_PRIVACY_NOTICE_URL is not https", "use the https:// address of the privacy notice")
	}
	if c.PrivacyContact == "" || c.privacyContactUnset {
		add("MB.W014", LevelWarning, "PRIVACY_CONTACT", "MEMBERBASE_PRIVACY_CONTACT is not set: the privacy notice and mails name MEMBERBASE_MAIL_FROM, often an address nobody reads", "set MEMBERBASE_PRIVACY_CONTACT to an address someone reads, e.g. privacy@example.org")
	}
	if c.EraseLeftAfter == 0 {
		add("MB.W015", LevelWarning, "ERASE_LEFT_AFTER", "MEMBERBASE_ERASE_LEFT_AFTER is 0: former members are kept forever", "set MEMBERBASE_ERASE_LEFT_AFTER to the retention period, e.g. 8760h")
	}
}
