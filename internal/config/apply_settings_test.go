package config

import (
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func applied(t *testing.T, m map[string]string) *core.Settings {
	t.Helper()
	c, err := Load(env(m))
	if err != nil {
		t.Fatal(err)
	}
	s := &core.Settings{}
	c.ApplySettings(s)
	return s
}

// What the environment writes into PocketBase's settings: SMTP on only
// with a host, S3 on only with a bucket, the forwarded-for header only
// behind trusted proxies, and one rate-limit rule per public form on top of
// PocketBase's /api/ rules unless limiting is off.
func TestApplySettingsFollowsTheEnvironment(t *testing.T) {
	off := applied(t, map[string]string{"RATE_LIMIT": "off"})
	if off.SMTP.Enabled || off.S3.Enabled || off.Backups.S3.Enabled || off.TrustedProxy.Headers != nil || off.RateLimits.Enabled {
		t.Errorf("nothing configured, yet: smtp=%v s3=%v backups s3=%v proxy headers=%v rate limits=%v",
			off.SMTP.Enabled, off.S3.Enabled, off.Backups.S3.Enabled, off.TrustedProxy.Headers, off.RateLimits.Enabled)
	}
	if len(off.RateLimits.Rules) != 4 || off.RateLimits.Rules[3].Label != "/api/" {
		t.Errorf("with limiting off, PocketBase's rules stay as they are: %+v", off.RateLimits.Rules)
	}

	on := applied(t, map[string]string{
		"SMTP_HOST": "smtp.example.org", "SMTP_PORT": "2525", "SMTP_TLS": "true",
		"S3_BUCKET": "media", "S3_ENDPOINT": "https://s3.example.org", "S3_REGION": "eu-1",
		"BACKUP_S3_BUCKET": "backups", "BACKUP_MAX_KEEP": "9", "BACKUP_CRON": "@daily",
		"TRUSTED_PROXIES": "10.0.0.0/8", "RATE_LIMIT": "5/2m", "LOG_IP": "true",
	})
	if !on.SMTP.Enabled || on.SMTP.Host != "smtp.example.org" || on.SMTP.Port != 2525 || !on.SMTP.TLS {
		t.Errorf("smtp %+v", on.SMTP)
	}
	if !on.S3.Enabled || on.S3.Bucket != "media" || on.S3.Endpoint != "https://s3.example.org" || !on.Backups.S3.Enabled || on.Backups.S3.Bucket != "backups" {
		t.Errorf("s3 %+v backups %+v", on.S3, on.Backups.S3)
	}
	if on.Backups.Cron != "@daily" || on.Backups.CronMaxKeep != 9 || !on.Logs.LogIP || on.Logs.MaxDays != LogsMaxDays || on.Logs.MinLevel != LogsMinLevel {
		t.Errorf("backups %+v logs %+v", on.Backups, on.Logs)
	}
	if !slices.Equal(on.TrustedProxy.Headers, []string{"X-Forwarded-For"}) || on.TrustedProxy.UseLeftmostIP {
		t.Errorf("trusted proxy %+v", on.TrustedProxy)
	}
	if !on.RateLimits.Enabled || len(on.RateLimits.Rules) != len(PublicPostRoutes)+5 {
		t.Fatalf("rate limits %+v", on.RateLimits)
	}
	for i, p := range PublicPostRoutes {
		if r := on.RateLimits.Rules[i]; r.Label != "POST "+p || r.MaxRequests != 5 || r.Duration != 120 {
			t.Errorf("rule %d: %+v", i, r)
		}
	}
	// The one-click unsubscribe has its own limit, whatever RATE_LIMIT says.
	if r := on.RateLimits.Rules[len(PublicPostRoutes)]; r.Label != "POST /unsubscribe" || r.MaxRequests != 600 || r.Duration != 60 {
		t.Errorf("unsubscribe rule: %+v", r)
	}
	// Every rule passes PocketBase's own validation, as the settings save needs.
	if err := on.RateLimits.Validate(); err != nil {
		t.Errorf("rules refused by PocketBase: %v", err)
	}
}
