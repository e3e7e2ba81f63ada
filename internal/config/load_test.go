package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[strings.TrimPrefix(k, Prefix)] }
}

func TestLoadDevelopmentNeedsNothing(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != Development || c.SecretKey != DevSecretKey || c.BaseURL != "http://127.0.0.1:8090" ||
		c.OrgName != "Example Association" || c.MailFrom != "noreply@example.com" || c.MailFromName != "Example Association" ||
		c.MemberIDPrefix != "M-" || c.MemberIDWidth != 6 || c.LogFormat != "text" || c.LogLevel != "debug" || !c.LogIP ||
		c.RateLimit.Max != 30 || c.RateLimit.Window != time.Minute || len(c.AllowedHosts) != 3 || c.SecureSSLRedirect {
		t.Fatalf("unexpected development defaults: %+v", c)
	}
}

func TestLoadProductionDefaults(t *testing.T) {
	c, err := Load(env(map[string]string{"ENV": "Production"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SecretKey != "" || c.OrgName != "" || len(c.AllowedHosts) != 0 || c.BaseURL != "" || !c.SecureSSLRedirect ||
		c.HSTSSeconds != 31536000 || !c.HSTSIncludeSubdomains || !c.HSTSPreload || c.LogFormat != "json" ||
		c.LogLevel != "info" || c.LogIP || c.BackupCron != "0 3 * * *" || c.BackupKeep != 7 {
		t.Fatalf("unexpected production defaults: %+v", c)
	}
}

// TestLoadMalformed: each malformed value stops loading with a message naming
// the variable, in both profiles.
func TestLoadMalformed(t *testing.T) {
	cases := map[string]string{
		"ENV":                         "staging",
		"ENCRYPTION_KEY":              "short",
		"ALLOWED_HOSTS":               "https://example.org/",
		"CSRF_TRUSTED_ORIGINS":        "https://example.org/path",
		"CORS_ORIGINS":                "example.org",
		"BASE_URL":                    "not a url",
		"SECURE_SSL_REDIRECT":         "maybe",
		"HSTS_SECONDS":                "-1",
		"HSTS_INCLUDE_SUBDOMAINS":     "yes please",
		"HSTS_PRELOAD":                "2",
		"TRUSTED_PROXIES":             "10.0.0.0/33",
		"SMTP_PORT":                   "70000",
		"SMTP_TLS":                    "x",
		"MAIL_FROM":                   "Ann <ann@example.org>",
		"ORG_NAME":                    "two\nlines",
		"S3_FORCE_PATH_STYLE":         "x",
		"BACKUP_CRON":                 "every day",
		"BACKUP_MAX_KEEP":             "0",
		"BACKUP_S3_FORCE_PATH_STYLE":  "x",
		"LOG_FORMAT":                  "xml",
		"LOG_LEVEL":                   "loud",
		"LOG_IP":                      "x",
		"SENTRY_DSN":                  "ftp://nope",
		"MEMBER_ID_PREFIX":            "has space",
		"MEMBER_ID_WIDTH":             "0",
		"STATIC_URL":                  "/relative",
		"RATE_LIMIT":                  "30 per minute",
		"JOIN_REQUIRES_APPROVAL":      "x",
		"DELETION_AUTO_APPROVE_AFTER": "721h",
		"LOG_SQL":                     "loud",
		"PRIVACY_CONTACT":             "Privacy <privacy@example.org>",
		"PRIVACY_NOTICE_URL":          "/privacy",
		"ERASE_LEFT_AFTER":            "-1h",
	}
	for _, profile := range []string{Development, Production} {
		for name, bad := range cases {
			m := map[string]string{"ENV": profile, name: bad}
			_, err := Load(env(m))
			if err == nil {
				t.Errorf("%s/%s=%q: loaded without error", profile, name, bad)
				continue
			}
			if !strings.Contains(err.Error(), Prefix+name) {
				t.Errorf("%s/%s: error does not name the variable: %v", profile, name, err)
			}
		}
	}
}

func TestLoadValidValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"ALLOWED_HOSTS":               "Members.Example.org., .example.net",
		"CSRF_TRUSTED_ORIGINS":        "https://proxy.example.org:8443",
		"TRUSTED_PROXIES":             "10.0.0.1, 192.168.0.0/16, ::1",
		"RATE_LIMIT":                  "off",
		"DELETION_AUTO_APPROVE_AFTER": "168h",
		"BASE_URL":                    "https://members.example.org/",
		"BACKUP_CRON":                 "@daily",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.AllowedHosts, ","); got != "members.example.org,.example.net" {
		t.Errorf("hosts = %q", got)
	}
	if len(c.TrustedProxies) != 3 || c.TrustedProxies[0].String() != "10.0.0.1/32" || c.TrustedProxies[2].String() != "::1/128" {
		t.Errorf("proxies = %v", c.TrustedProxies)
	}
	if !c.RateLimit.Off || c.DeletionAutoApproveAfter != 168*time.Hour || c.BaseURL != "https://members.example.org" {
		t.Errorf("unexpected: %+v", c)
	}
}

func TestLoadSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"ENCRYPTION_KEY_FILE": key, "SMTP_PASSWORD_FILE": key}))
	if err != nil {
		t.Fatal(err)
	}
	if c.EncryptionKey != "0123456789abcdef0123456789abcdef" || c.SMTP.Password != c.EncryptionKey {
		t.Fatalf("secret from file not read: %q", c.EncryptionKey)
	}
	if _, err := Load(env(map[string]string{"SECRET_KEY_FILE": filepath.Join(dir, "missing")})); err == nil ||
		!strings.Contains(err.Error(), "MEMBERBASE_SECRET_KEY_FILE") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(env(map[string]string{"SECRET_KEY_FILE": key, "SECRET_KEY": "x"})); err == nil {
		t.Error("both NAME and NAME_FILE accepted")
	}
	// _FILE is for secrets only: a non-secret variable ignores it.
	c, err = Load(env(map[string]string{"ORG_NAME_FILE": key}))
	if err != nil || c.OrgName != "Example Association" {
		t.Errorf("ORG_NAME_FILE should be ignored: %v %q", err, c.OrgName)
	}
}

func TestValidateProductionMissingValues(t *testing.T) {
	c, err := Load(env(map[string]string{"ENV": "production"}))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]bool{}
	for _, f := range Errors(c.Validate()) {
		vars[f.Var] = true
		if !strings.Contains(f.String(), "(fix: ") || !strings.Contains(f.String(), " ERROR ") {
			t.Errorf("finding line malformed: %s", f)
		}
	}
	for _, v := range []string{"SECRET_KEY", "ENCRYPTION_KEY", "ALLOWED_HOSTS", "BASE_URL", "SMTP_HOST", "MAIL_FROM", "ORG_NAME"} {
		if !vars[Prefix+v] {
			t.Errorf("no error finding for missing %s", v)
		}
	}
	if vars[Prefix+"ENV"] {
		t.Error("production profile reported as development")
	}
}

func TestValidateWeakSecrets(t *testing.T) {
	base := map[string]string{"ENV": "production", "SECRET_KEY": "Zq0" + strings.Repeat("x7Yk", 15)}
	c, _ := Load(env(base))
	if hasID(c.Validate(), "MB.E004") {
		t.Error("a strong 63-character key reported as weak")
	}
	base["SECRET_KEY"] = "Zq0x7Yk-short"
	c, _ = Load(env(base))
	if !hasID(c.Validate(), "MB.E004") {
		t.Error("a 13-character key not reported")
	}
	base["SECRET_KEY"] = strings.Repeat("abcd", 20) // 4 distinct characters
	c, _ = Load(env(base))
	if !hasID(c.Validate(), "MB.E004") {
		t.Error("key with 4 distinct characters not reported")
	}
	base["SECRET_KEY"] = DevSecretKey
	c, _ = Load(env(base))
	if !hasID(c.Validate(), "MB.E003") {
		t.Error("dev key in production not reported")
	}
	base["SECRET_KEY"] = "Zq0" + strings.Repeat("x7Yk", 15)
	base["SECRET_KEY_FALLBACKS"] = DevSecretKey + ",short"
	c, _ = Load(env(base))
	n := 0
	for _, f := range c.Validate() {
		if f.ID == "MB.E005" {
			n++
		}
	}
	if n != 2 || hasID(c.Validate(), "MB.E004") {
		t.Errorf("fallback findings = %d, want 2", n)
	}
}

func hasID(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.ID == id {
			return true
		}
	}
	return false
}

// TestAllowedHostsWithPortIsALoadError: the Host header's port is stripped
// before matching, so an entry with a port (or a bare IPv6 address) never
// matches; loading fails naming the entry.
func TestAllowedHostsWithPortIsALoadError(t *testing.T) {
	for entry, hint := range map[string]string{
		"members.example.org:8443": "write members.example.org",
		".example.org:443":         "write .example.org",
		"[::1]:8090":               "write [::1]",
		"127.0.0.1:8090":           "write 127.0.0.1",
		"::1":                      "write [::1]",
	} {
		_, err := Load(env(map[string]string{"ALLOWED_HOSTS": "ok.example.org," + entry}))
		if err == nil {
			t.Errorf("%s: loaded", entry)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, Prefix+"ALLOWED_HOSTS") || !strings.Contains(msg, `"`+entry+`"`) || !strings.Contains(msg, hint) {
			t.Errorf("%s: error does not name the variable, the entry and the fix: %v", entry, err)
		}
	}
	c, err := Load(env(map[string]string{"ALLOWED_HOSTS": "[::1],127.0.0.1,members.example.org"}))
	if err != nil || !HostAllowed("[::1]:8090", c.AllowedHosts) || !HostAllowed("127.0.0.1:8090", c.AllowedHosts) {
		t.Errorf("entries without a port refused or not matching: %v %v", err, c)
	}
}
