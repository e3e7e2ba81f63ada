package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// PrivacySettings are the variables of the privacy notice (SPEC §13) and of
// the retention of former members (§14). [Config] embeds them, so callers
// read cfg.PrivacyContact and friends.
type PrivacySettings struct {
	// PrivacyContact is the address people write to about their data
	// (default MAIL_FROM).
	PrivacyContact string
	// PrivacyNoticeURL, when set, is the organisation's own notice: GET
	// /privacy sends visitors there instead of showing the generated one.
	PrivacyNoticeURL string
	// EraseLeftAfter erases members cancelled for longer (0: never).
	EraseLeftAfter time.Duration
}

// privacyOptions are the rows of [Options] for [PrivacySettings]. They come
// after MAIL_FROM, whose value PRIVACY_CONTACT falls back to.
func privacyOptions() []Option {
	return []Option{
		{Name: "PRIVACY_CONTACT", Doc: "address for questions about personal data, on the privacy notice (default MAIL_FROM)", set: setPrivacyContact},
		{Name: "PRIVACY_NOTICE_URL", Doc: "the organisation's own privacy notice; GET /privacy redirects there", set: setPrivacyNoticeURL},
		{Name: "ERASE_LEFT_AFTER", Dev: "0", Prod: "0", Doc: "erase members cancelled for longer than this; 0 means never", set: setEraseLeftAfter},
	}
}

// setPrivacyContact accepts a bare address only (it is shown on a page and
// used in mailto: links); empty falls back to MAIL_FROM.
func setPrivacyContact(c *Config, v string) error {
	if v == "" {
		c.PrivacyContact = c.MailFrom
		return nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return fmt.Errorf("%q is not a plain e-mail address", v)
	}
	c.PrivacyContact = v
	return nil
}

func setPrivacyNoticeURL(c *Config, v string) error {
	if v == "" {
		c.PrivacyNoticeURL = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", v)
	}
	c.PrivacyNoticeURL = v
	return nil
}

func setEraseLeftAfter(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 {
		return fmt.Errorf("%q is not a duration of 0 or more (e.g. 8760h)", v)
	}
	c.EraseLeftAfter = d
	return nil
}
