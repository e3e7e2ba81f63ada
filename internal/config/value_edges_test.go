package config

import (
	"strings"
	"testing"
	"time"
)

// valueCase is one MEMBERBASE_ value: whether Load accepts it and, if so,
// what the configuration then holds.
type valueCase struct {
	name, value string
	ok          bool
	check       func(*Config) bool
}

// Every variable's parser at its edges: the smallest and largest accepted
// values, the first refused ones, and each separate reason for refusal.
func TestVariableValuesAtTheirEdges(t *testing.T) {
	cases := []valueCase{
		{"ENV", " DEVELOPMENT ", true, func(c *Config) bool { return c.Env == Development }},
		{"HSTS_SECONDS", "0", true, func(c *Config) bool { return c.HSTSSeconds == 0 }},
		{"HSTS_SECONDS", "2147483647", true, func(c *Config) bool { return c.HSTSSeconds == 2147483647 }},
		{"HSTS_SECONDS", "2147483648", false, nil},
		{"SMTP_PORT", " 1 ", true, func(c *Config) bool { return c.SMTP.Port == 1 }},
		{"SMTP_PORT", "65535", true, func(c *Config) bool { return c.SMTP.Port == 65535 }},
		{"SMTP_PORT", "0", false, nil},
		{"SMTP_PORT", "65536", false, nil},
		{"MEMBER_ID_WIDTH", "18", true, func(c *Config) bool { return c.MemberIDWidth == 18 }},
		{"MEMBER_ID_WIDTH", "19", false, nil},
		{"SMTP_TLS", " true ", true, func(c *Config) bool { return c.SMTP.TLS }},
		{"SECRET_KEY_FALLBACKS", " old-1 , ,old-2,", true, func(c *Config) bool {
			return strings.Join(c.SecretKeyFallbacks, "|") == "old-1|old-2"
		}},

		{"ALLOWED_HOSTS", "a.example.org, ,B.example.org.", true, func(c *Config) bool {
			return strings.Join(c.AllowedHosts, "|") == "a.example.org|b.example.org"
		}},
		{"ALLOWED_HOSTS", "a b.example.org", false, nil},
		{"ALLOWED_HOSTS", "user@example.org", false, nil},
		{"ALLOWED_HOSTS", "example.org?x", false, nil},
		{"ALLOWED_HOSTS", "example.org#x", false, nil},

		{"CSRF_TRUSTED_ORIGINS", "HTTP://Proxy.Example.org:8443/, https://b.example.org", true, func(c *Config) bool {
			return strings.Join(c.CSRFTrustedOrigins, "|") == "http://proxy.example.org:8443|https://b.example.org"
		}},
		{"CSRF_TRUSTED_ORIGINS", "https://a.example.org,ftp://b.example.org", false, nil},
		{"CSRF_TRUSTED_ORIGINS", "https://", false, nil},
		{"CSRF_TRUSTED_ORIGINS", "https://a.example.org?x=1", false, nil},
		{"CSRF_TRUSTED_ORIGINS", "https://a.example.org#top", false, nil},
		{"CSRF_TRUSTED_ORIGINS", "https://user@a.example.org", false, nil},

		{"BASE_URL", "", true, func(c *Config) bool { return c.BaseURL == "" }},
		{"BASE_URL", "http://members.example.org/sub/", true, func(c *Config) bool { return c.BaseURL == "http://members.example.org/sub" }},
		{"BASE_URL", "ftp://members.example.org", false, nil},
		{"BASE_URL", "https://", false, nil},
		{"BASE_URL", "https://members.example.org/?a=1", false, nil},
		{"BASE_URL", "https://members.example.org/#a", false, nil},
		{"BASE_URL", "https://u:p@members.example.org/", false, nil},

		{"STATIC_URL", "", true, func(c *Config) bool { return c.StaticURL == "" }},
		{"STATIC_URL", "http://cdn.example.org/static/", true, func(c *Config) bool { return c.StaticURL == "http://cdn.example.org/static" }},
		{"STATIC_URL", "ftp://cdn.example.org", false, nil},
		{"STATIC_URL", "https://", false, nil},
		{"STATIC_URL", "https://cdn.example.org/?v=1", false, nil},
		{"STATIC_URL", "https://cdn.example.org/#x", false, nil},

		{"MAIL_FROM", "", true, func(c *Config) bool { return c.MailFrom == "" }},
		{"MAIL_FROM", "noreply@example.org", true, func(c *Config) bool { return c.MailFrom == "noreply@example.org" }},
		{"MAIL_FROM", "<noreply@example.org>", false, nil},
		{"MAIL_FROM", "not an address", false, nil},

		{"ORG_NAME", strings.Repeat("o", 200), true, func(c *Config) bool { return len(c.OrgName) == 200 }},
		{"ORG_NAME", strings.Repeat("o", 201), false, nil},
		{"ORG_NAME", "one\rline", false, nil},

		{"MEMBER_ID_PREFIX", strings.Repeat("P", 20), true, func(c *Config) bool { return c.MemberIDPrefix == strings.Repeat("P", 20) }},
		{"MEMBER_ID_PREFIX", strings.Repeat("P", 21), false, nil},
		{"MEMBER_ID_PREFIX", "M,", false, nil},

		{"BACKUP_CRON", " @daily ", true, func(c *Config) bool { return c.BackupCron == "@daily" }},

		{"SENTRY_DSN", "", true, func(c *Config) bool { return c.SentryDSN == "" }},
		{"SENTRY_DSN", "http://key@sentry.example.org/1", true, func(c *Config) bool { return c.SentryDSN == "http://key@sentry.example.org/1" }},
		{"SENTRY_DSN", "https://sentry.example.org/1", false, nil},
		{"SENTRY_DSN", "https://key@/1", false, nil},

		{"RATE_LIMIT", " OFF ", true, func(c *Config) bool { return c.RateLimit.Off }},
		{"RATE_LIMIT", "1/1s", true, func(c *Config) bool { return c.RateLimit == RateLimit{Max: 1, Window: time.Second} }},
		{"RATE_LIMIT", "5/2M", true, func(c *Config) bool { return c.RateLimit == RateLimit{Max: 5, Window: 2 * time.Minute} }},
		{"RATE_LIMIT", "0/1m", false, nil},
		{"RATE_LIMIT", "5/999ms", false, nil},
		{"RATE_LIMIT", "5/1500ms", false, nil},
		{"RATE_LIMIT", "5", false, nil},
		{"RATE_LIMIT", "x/1m", false, nil},
		{"RATE_LIMIT", "5/x", false, nil},

		{"DELETION_AUTO_APPROVE_AFTER", "0", true, func(c *Config) bool { return c.DeletionAutoApproveAfter == 0 }},
		{"DELETION_AUTO_APPROVE_AFTER", "720h", true, func(c *Config) bool { return c.DeletionAutoApproveAfter == 720*time.Hour }},
		{"DELETION_AUTO_APPROVE_AFTER", "-1s", false, nil},

		{"ENCRYPTION_KEY", "", true, func(c *Config) bool { return c.EncryptionKey == "" }},
		{"ENCRYPTION_KEY", strings.Repeat("k", 32), true, func(c *Config) bool { return len(c.EncryptionKey) == 32 }},
		{"ENCRYPTION_KEY", strings.Repeat("k", 31), false, nil},
		{"ENCRYPTION_KEY", strings.Repeat("k", 33), false, nil},
	}
	for _, tc := range cases {
		// Production: its defaults leave BASE_URL and MAIL_FROM empty.
		m := map[string]string{"ENV": Production, tc.name: tc.value}
		c, err := Load(env(m))
		switch {
		case !tc.ok && err == nil:
			t.Errorf("%s=%q accepted", tc.name, tc.value)
		case !tc.ok && !strings.Contains(err.Error(), Prefix+tc.name):
			t.Errorf("%s=%q: error does not name the variable: %v", tc.name, tc.value, err)
		case tc.ok && err != nil:
			t.Errorf("%s=%q refused: %v", tc.name, tc.value, err)
		case tc.ok && !tc.check(c):
			t.Errorf("%s=%q loaded as %+v", tc.name, tc.value, c)
		}
	}
}
