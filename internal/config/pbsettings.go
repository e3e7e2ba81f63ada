package config

import (
	"github.com/pocketbase/pocketbase/core"
)

// PublicPostRoutes are the public form actions the RATE_LIMIT rule covers.
var PublicPostRoutes = []string{"/join", "/join/confirm", "/privacy/member-id", "/privacy/details", "/privacy/deletion", "/privacy/confirm", "/privacy/download"}

// UnsubscribeRoute is the RFC 8058 one-click route (SPEC §19). Mail
// providers post it from few addresses, so it has its own, higher limit:
// UnsubscribeRateLimit requests per minute and client IP.
const (
	UnsubscribeRoute     = "/unsubscribe"
	UnsubscribeRateLimit = 600
)

// LogsMaxDays and LogsMinLevel bound PocketBase's own request log database
// (auxiliary.db): warnings and errors only, kept a week. See docs/operations.md.
const (
	LogsMaxDays  = 7
	LogsMinLevel = 4 // slog.LevelWarn
)

// ApplySettings writes everything the environment decides into PocketBase's
// settings: app name and URL, sender, SMTP, S3, backups, rate limits, logs and
// the trusted proxy header. Env wins over the dashboard; the caller decides
// whether to save (only `serve` does).
func (c *Config) ApplySettings(s *core.Settings) {
	s.Meta.AppName = c.OrgName
	s.Meta.AppURL = c.BaseURL
	s.Meta.SenderAddress = c.MailFrom
	s.Meta.SenderName = c.MailFromName

	s.SMTP.Enabled = c.SMTP.Host != ""
	s.SMTP.Host = c.SMTP.Host
	s.SMTP.Port = c.SMTP.Port
	s.SMTP.Username = c.SMTP.Username
	s.SMTP.Password = c.SMTP.Password
	s.SMTP.TLS = c.SMTP.TLS

	s.S3 = c.S3.toPB()
	s.Backups.Cron = c.BackupCron
	s.Backups.CronMaxKeep = c.BackupKeep
	s.Backups.S3 = c.BackupS3.toPB()

	s.Logs.LogIP = c.LogIP
	s.Logs.MaxDays = LogsMaxDays
	s.Logs.MinLevel = LogsMinLevel

	s.TrustedProxy.Headers = nil
	s.TrustedProxy.UseLeftmostIP = false
	if len(c.TrustedProxies) > 0 {
		// Our proxy middleware rewrites X-Forwarded-For to the one client
		// address, so PocketBase's RealIP() can simply read it.
		s.TrustedProxy.Headers = []string{"X-Forwarded-For"}
	}

	c.applyRateLimits(s)
}

func (s S3) toPB() core.S3Config {
	return core.S3Config{
		Enabled:        s.Enabled(),
		Bucket:         s.Bucket,
		Region:         s.Region,
		Endpoint:       s.Endpoint,
		AccessKey:      s.AccessKey,
		Secret:         s.Secret,
		ForcePathStyle: s.ForcePathStyle,
	}
}

// applyRateLimits enables PocketBase's limiter with one rule per public POST
// route plus PocketBase's own /api/ defaults, or switches limiting off.
func (c *Config) applyRateLimits(s *core.Settings) {
	defaults := apiRateLimitDefaults()
	if c.RateLimit.Off {
		s.RateLimits.Enabled = false
		s.RateLimits.Rules = defaults
		return
	}
	rules := make([]core.RateLimitRule, 0, len(PublicPostRoutes)+1+len(defaults))
	for _, p := range PublicPostRoutes {
		rules = append(rules, core.RateLimitRule{
			Label:       "POST " + p,
			Duration:    int64(c.RateLimit.Window.Seconds()),
			MaxRequests: c.RateLimit.Max,
		})
	}
	rules = append(rules, core.RateLimitRule{Label: "POST " + UnsubscribeRoute, Duration: 60, MaxRequests: UnsubscribeRateLimit})
	s.RateLimits.Enabled = true
	s.RateLimits.Rules = append(rules, defaults...)
}

// apiRateLimitDefaults mirrors PocketBase v0.40.4's default /api/ rules
// (core/settings_model.go), which it does not export.
func apiRateLimitDefaults() []core.RateLimitRule {
	return []core.RateLimitRule{
		{Label: "*:auth", MaxRequests: 2, Duration: 3},
		{Label: "*:create", MaxRequests: 20, Duration: 5},
		{Label: "/api/batch", MaxRequests: 3, Duration: 1},
		{Label: "/api/", MaxRequests: 300, Duration: 10},
	}
}
