package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Finding levels, in increasing severity.
const (
	LevelWarning = "warning"
	LevelError   = "error"
)

// Finding is one problem of a configuration, in the shape `check --deploy`
// prints: a stable ID, a level, the variable to change, a message and a fix.
type Finding struct {
	ID      string
	Level   string
	Var     string
	Message string
	Fix     string
}

// String renders the finding as one line: `ID LEVEL message (fix: ...)`.
func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s (fix: %s)", f.ID, strings.ToUpper(f.Level), f.Message, f.Fix)
}

// AtLeast reports whether the finding is at or above level.
func (f Finding) AtLeast(level string) bool {
	return level == LevelWarning || f.Level == LevelError
}

// Validate returns every finding of the configuration judged as a production
// deployment. Development runs ignore them; production `serve` refuses to
// start on any error. IDs are stable: a retired check leaves a gap.
//
// Django's deploy checks map as follows: DEBUG (W018) is E001; SECRET_KEY
// (W009) E002–E004; SECRET_KEY_FALLBACKS (W025) E005; ALLOWED_HOSTS (W020)
// E007; CSRF_TRUSTED_ORIGINS syntax (4_0.E001) fails loading, non-https is
// E012; SSL redirect (W008) W001; HSTS (W004, W005, W021) W002–W004 and
// W010; secure session and CSRF cookies (W012, W016) W005. Security
// middleware, nosniff, X-Frame-Options and the referrer policy (W001, W002,
// W006, W019, W022) are always on and not configurable, so nothing is
// checked. Superuser MFA (MB.W011) needs the database: `check --deploy`
// (internal/cli) adds it, with MB.E015 for --dev. [Config.StartupFindings]
// are included.
func (c *Config) Validate() []Finding {
	var fs []Finding
	add := func(id, level, v, msg, fix string) {
		fs = append(fs, Finding{ID: id, Level: level, Var: Prefix + v, Message: msg, Fix: fix})
	}

	if !c.IsProduction() {
		add("MB.E001", LevelError, "ENV", "the development profile is active: debug output, insecure cookies, dev keys", "set MEMBERBASE_ENV=production")
	}
	switch {
	case c.SecretKey == "":
		add("MB.E002", LevelError, "SECRET_KEY", "MEMBERBASE_SECRET_KEY is not set", "set MEMBERBASE_SECRET_KEY (or _FILE) to at least 50 random characters")
	case c.SecretKey == DevSecretKey:
		add("MB.E003", LevelError, "SECRET_KEY", "MEMBERBASE_SECRET_KEY is the public development key", "generate a new key, e.g. `openssl rand -base64 48`")
	case weakKey(c.SecretKey):
		add("MB.E004", LevelError, "SECRET_KEY", "MEMBERBASE_SECRET_KEY is shorter than 50 characters or has fewer than 5 distinct characters", "generate a new key, e.g. `openssl rand -base64 48`")
	}
	for i, k := range c.SecretKeyFallbacks {
		if k == DevSecretKey || weakKey(k) {
			add("MB.E005", LevelError, "SECRET_KEY_FALLBACKS", fmt.Sprintf("MEMBERBASE_SECRET_KEY_FALLBACKS entry %d is the development key or a weak key", i+1), "remove it from MEMBERBASE_SECRET_KEY_FALLBACKS")
		}
	}
	if c.EncryptionKey == "" {
		add("MB.E006", LevelError, "ENCRYPTION_KEY", "MEMBERBASE_ENCRYPTION_KEY is not set: SMTP and S3 secrets would be stored in clear", "set MEMBERBASE_ENCRYPTION_KEY (or _FILE) to exactly 32 random characters")
	}
	if len(c.AllowedHosts) == 0 || slices.Contains(c.AllowedHosts, "*") {
		add("MB.E007", LevelError, "ALLOWED_HOSTS", "MEMBERBASE_ALLOWED_HOSTS is empty or contains *", "list the public host names, e.g. members.example.org")
	}
	c.validateBaseURL(add)
	if c.SMTP.Host == "" {
		add("MB.E009", LevelError, "SMTP_HOST", "MEMBERBASE_SMTP_HOST is not set: no mail would leave", "set MEMBERBASE_SMTP_HOST (and _PORT, _USERNAME, _PASSWORD)")
	}
	if c.MailFrom == "" {
		add("MB.E010", LevelError, "MAIL_FROM", "MEMBERBASE_MAIL_FROM is not set", "set MEMBERBASE_MAIL_FROM to the sender address")
	}
	if c.OrgName == "" {
		add("MB.E011", LevelError, "ORG_NAME", "MEMBERBASE_ORG_NAME is not set", "set MEMBERBASE_ORG_NAME to the organisation's name")
	}
	for _, o := range c.CSRFTrustedOrigins {
		if !strings.HasPrefix(o, "https://") {
			add("MB.E012", LevelError, "CSRF_TRUSTED_ORIGINS", "MEMBERBASE_CSRF_TRUSTED_ORIGINS has a non-https origin", "use https:// origins only")
			break
		}
	}
	if c.StaticURL != "" && !strings.HasPrefix(c.StaticURL, "https://") {
		add("MB.E013", LevelError, "STATIC_URL", "MEMBERBASE_STATIC_URL is not https: pages would load mixed content", "use an https:// CDN URL")
	}
	if c.IsProduction() && c.LogSQL {
		add("MB.E018", LevelError, "LOG_SQL", "MEMBERBASE_LOG_SQL is true: production must not print SQL statements (they hold personal data)", "set MEMBERBASE_LOG_SQL=false")
	}
	c.validateS3(add)
	c.validatePrivacy(add)
	c.validateCard(add)
	c.validateCardClock(add)
	c.validateLedger(add)
	c.validateTransport(add)
	return append(fs, c.StartupFindings()...)
}

func (c *Config) validateBaseURL(add func(id, level, v, msg, fix string)) {
	u, err := url.Parse(c.BaseURL)
	switch {
	case c.BaseURL == "" || err != nil:
		add("MB.E008", LevelError, "BASE_URL", "MEMBERBASE_BASE_URL is not set", "set MEMBERBASE_BASE_URL to the public https:// address")
	case u.Scheme != "https":
		add("MB.E008", LevelError, "BASE_URL", "MEMBERBASE_BASE_URL is not https", "set MEMBERBASE_BASE_URL to the public https:// address")
	case !HostAllowed(u.Host, c.AllowedHosts):
		add("MB.E014", LevelError, "BASE_URL", "the host of MEMBERBASE_BASE_URL is not in MEMBERBASE_ALLOWED_HOSTS", "add it to MEMBERBASE_ALLOWED_HOSTS")
	}
}

func (c *Config) validateTransport(add func(id, level, v, msg, fix string)) {
	if !c.SecureSSLRedirect {
		add("MB.W001", LevelWarning, "SECURE_SSL_REDIRECT", "plain-HTTP requests are not redirected to HTTPS", "set MEMBERBASE_SECURE_SSL_REDIRECT=true")
	}
	if c.HSTSSeconds == 0 {
		add("MB.W002", LevelWarning, "HSTS_SECONDS", "HTTP Strict Transport Security is off", "set MEMBERBASE_HSTS_SECONDS=31536000 once HTTPS works")
	} else {
		if !c.HSTSIncludeSubdomains {
			add("MB.W003", LevelWarning, "HSTS_INCLUDE_SUBDOMAINS", "HSTS does not cover subdomains", "set MEMBERBASE_HSTS_INCLUDE_SUBDOMAINS=true")
		}
		if !c.HSTSPreload {
			add("MB.W004", LevelWarning, "HSTS_PRELOAD", "HSTS preload is off", "set MEMBERBASE_HSTS_PRELOAD=true (see docs/deployment.md for the caveats)")
		}
		if c.HSTSPreload && c.HSTSSeconds < hstsPreloadMinSeconds {
			add("MB.W010", LevelWarning, "HSTS_SECONDS", "HSTS preload is on but max-age is under one year: preload lists refuse the site", "set MEMBERBASE_HSTS_SECONDS=31536000")
		}
	}
	if !c.IsProduction() {
		add("MB.W005", LevelWarning, "ENV", "cookies are not marked Secure outside the production profile", "set MEMBERBASE_ENV=production")
	}
	if c.RateLimit.Off {
		add("MB.W006", LevelWarning, "RATE_LIMIT", "rate limiting is off", "set MEMBERBASE_RATE_LIMIT=30/1m unless a limiter in front does it")
	}
	if len(c.TrustedProxies) == 0 {
		add("MB.W007", LevelWarning, "TRUSTED_PROXIES", "no trusted proxies: behind a TLS proxy the HTTPS redirect would loop and client IPs would be the proxy's", "set MEMBERBASE_TRUSTED_PROXIES to the proxy's address, or ignore when serving TLS directly")
	}
	if c.SentryDSN == "" {
		add("MB.W008", LevelWarning, "SENTRY_DSN", "error monitoring is off", "set MEMBERBASE_SENTRY_DSN")
	}
	for _, o := range c.CORSOrigins {
		if !strings.HasPrefix(o, "https://") {
			add("MB.W009", LevelWarning, "CORS_ORIGINS", "MEMBERBASE_CORS_ORIGINS has a non-https origin", "use https:// origins only")
			break
		}
	}
}

// hstsPreloadMinSeconds is the max-age the browsers' HSTS preload list
// requires (hstspreload.org).
const hstsPreloadMinSeconds = 31536000

// weakKey follows Django's check: fewer than 50 characters or fewer than 5
// distinct ones.
func weakKey(k string) bool {
	distinct := map[rune]bool{}
	for _, r := range k {
		distinct[r] = true
	}
	return len([]rune(k)) < 50 || len(distinct) < 5
}

// Errors returns only the error-level findings.
func Errors(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Level == LevelError {
			out = append(out, f)
		}
	}
	return out
}
