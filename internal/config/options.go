package config

import "time"

// Option describes one MEMBERBASE_* variable: its defaults per profile, whether
// it is a secret (and so also accepted as NAME_FILE), and how it is parsed.
type Option struct {
	Name   string // without the MEMBERBASE_ prefix
	Dev    string // development default
	Prod   string // production default ("" means none: required ones are findings)
	Secret bool
	Doc    string
	set    func(c *Config, v string) error
}

// Options returns the table of every variable memberbase reads, in the order
// they are documented. docs/configuration.md is checked against it.
func Options() []Option {
	return []Option{
		{Name: "ENV", Dev: Development, Prod: Production, Doc: "profile: development (default) or production", set: oneOf([]string{Development, Production}, func(c *Config) *string { return &c.Env })},
		{Name: "SECRET_KEY", Dev: DevSecretKey, Secret: true, Doc: "keys the CSRF token HMAC (HKDF, one key per purpose)", set: str(func(c *Config) *string { return &c.SecretKey })},
		{Name: "SECRET_KEY_FALLBACKS", Secret: true, Doc: "old keys accepted for verification only, CSV", set: csv(func(c *Config) *[]string { return &c.SecretKeyFallbacks })},
		{Name: "ENCRYPTION_KEY", Secret: true, Doc: "PocketBase settings encryption key, exactly 32 characters", set: setEncryptionKey},
		{Name: "ALLOWED_HOSTS", Dev: "localhost,127.0.0.1,[::1]", Doc: "Host allow-list, CSV; .example.org allows subdomains", set: setHosts},
		{Name: "CSRF_TRUSTED_ORIGINS", Doc: "extra origins trusted by the cross-origin check, CSV of https://host[:port]", set: setOrigins(func(c *Config) *[]string { return &c.CSRFTrustedOrigins })},
		{Name: "CORS_ORIGINS", Doc: "origins allowed to call /api/ from a browser, CSV; empty means none", set: setOrigins(func(c *Config) *[]string { return &c.CORSOrigins })},
		{Name: "BASE_URL", Dev: "http://127.0.0.1:8090", Doc: "absolute base of every link in mails", set: setBaseURL},
		{Name: "SECURE_SSL_REDIRECT", Dev: "false", Prod: "true", Doc: "redirect plain HTTP to HTTPS", set: boolean(func(c *Config) *bool { return &c.SecureSSLRedirect })},
		{Name: "HSTS_SECONDS", Dev: "0", Prod: "31536000", Doc: "Strict-Transport-Security max-age", set: integer(0, 1<<31-1, func(c *Config) *int { return &c.HSTSSeconds })},
		{Name: "HSTS_INCLUDE_SUBDOMAINS", Dev: "false", Prod: "true", Doc: "HSTS includeSubDomains", set: boolean(func(c *Config) *bool { return &c.HSTSIncludeSubdomains })},
		{Name: "HSTS_PRELOAD", Dev: "false", Prod: "true", Doc: "HSTS preload", set: boolean(func(c *Config) *bool { return &c.HSTSPreload })},
		{Name: "TRUSTED_PROXIES", Doc: "CIDR CSV of reverse proxies whose X-Forwarded-For/-Proto are believed", set: setProxies},
		{Name: "SMTP_HOST", Doc: "SMTP server; unset in development prints mails to the console", set: str(func(c *Config) *string { return &c.SMTP.Host })},
		{Name: "SMTP_PORT", Dev: "587", Prod: "587", Doc: "SMTP port", set: integer(1, 65535, func(c *Config) *int { return &c.SMTP.Port })},
		{Name: "SMTP_USERNAME", Doc: "SMTP user", set: str(func(c *Config) *string { return &c.SMTP.Username })},
		{Name: "SMTP_PASSWORD", Secret: true, Doc: "SMTP password", set: str(func(c *Config) *string { return &c.SMTP.Password })},
		{Name: "SMTP_TLS", Dev: "false", Prod: "false", Doc: "implicit TLS (port 465); false still upgrades with STARTTLS", set: boolean(func(c *Config) *bool { return &c.SMTP.TLS })},
		{Name: "MAIL_FROM", Dev: "noreply@example.com", Doc: "sender address", set: setMailFrom},
		{Name: "MAIL_FROM_NAME", Doc: "sender name (default ORG_NAME)", set: str(func(c *Config) *string { return &c.MailFromName })},
		{Name: "ORG_NAME", Dev: "Example Association", Doc: "organisation name on pages and mails", set: setOrgName},
		{Name: "S3_ENDPOINT", Doc: "S3 endpoint for file storage", set: str(func(c *Config) *string { return &c.S3.Endpoint })},
		{Name: "S3_BUCKET", Doc: "S3 bucket for file storage (enables S3)", set: str(func(c *Config) *string { return &c.S3.Bucket })},
		{Name: "S3_REGION", Doc: "S3 region", set: str(func(c *Config) *string { return &c.S3.Region })},
		{Name: "S3_ACCESS_KEY", Secret: true, Doc: "S3 access key", set: str(func(c *Config) *string { return &c.S3.AccessKey })},
		{Name: "S3_SECRET", Secret: true, Doc: "S3 secret", set: str(func(c *Config) *string { return &c.S3.Secret })},
		{Name: "S3_FORCE_PATH_STYLE", Dev: "false", Prod: "false", Doc: "S3 path-style addressing", set: boolean(func(c *Config) *bool { return &c.S3.ForcePathStyle })},
		{Name: "BACKUP_CRON", Prod: "0 3 * * *", Doc: "backup schedule (5-field cron, UTC)", set: setCron},
		{Name: "BACKUP_MAX_KEEP", Dev: "3", Prod: "7", Doc: "scheduled backups kept", set: integer(1, 10000, func(c *Config) *int { return &c.BackupKeep })},
		{Name: "BACKUP_S3_ENDPOINT", Doc: "S3 endpoint for backups", set: str(func(c *Config) *string { return &c.BackupS3.Endpoint })},
		{Name: "BACKUP_S3_BUCKET", Doc: "S3 bucket for backups (enables S3 backups)", set: str(func(c *Config) *string { return &c.BackupS3.Bucket })},
		{Name: "BACKUP_S3_REGION", Doc: "S3 region for backups", set: str(func(c *Config) *string { return &c.BackupS3.Region })},
		{Name: "BACKUP_S3_ACCESS_KEY", Secret: true, Doc: "S3 access key for backups", set: str(func(c *Config) *string { return &c.BackupS3.AccessKey })},
		{Name: "BACKUP_S3_SECRET", Secret: true, Doc: "S3 secret for backups", set: str(func(c *Config) *string { return &c.BackupS3.Secret })},
		{Name: "BACKUP_S3_FORCE_PATH_STYLE", Dev: "false", Prod: "false", Doc: "S3 path-style addressing for backups", set: boolean(func(c *Config) *bool { return &c.BackupS3.ForcePathStyle })},
		{Name: "LOG_FORMAT", Dev: "text", Prod: "json", Doc: "stdout log format: text or json", set: oneOf([]string{"text", "json"}, func(c *Config) *string { return &c.LogFormat })},
		{Name: "LOG_LEVEL", Dev: "debug", Prod: "info", Doc: "debug, info, warn or error", set: oneOf([]string{"debug", "info", "warn", "error"}, func(c *Config) *string { return &c.LogLevel })},
		{Name: "LOG_IP", Dev: "true", Prod: "false", Doc: "client IPs in our logs and PocketBase's", set: boolean(func(c *Config) *bool { return &c.LogIP })},
		{Name: "LOG_SQL", Dev: "false", Prod: "false", Doc: "print every SQL statement (PocketBase's dev-mode query log); forbidden in production", set: boolean(func(c *Config) *bool { return &c.LogSQL })},
		{Name: "SENTRY_DSN", Secret: true, Doc: "error monitoring DSN; empty turns it off", set: setDSN},
		{Name: "RELEASE", Doc: "release name reported to monitoring (default: the build version)", set: str(func(c *Config) *string { return &c.Release })},
		{Name: "MEMBER_ID_PREFIX", Dev: "M-", Prod: "M-", Doc: "member ID prefix", set: setPrefix},
		{Name: "MEMBER_ID_WIDTH", Dev: "6", Prod: "6", Doc: "zero-padded width of the member number", set: integer(1, 18, func(c *Config) *int { return &c.MemberIDWidth })},
		{Name: "STATIC_URL", Doc: "CDN base URL for static assets; empty serves them from /static/", set: setStaticURL},
		{Name: "RATE_LIMIT", Dev: "30/1m", Prod: "30/1m", Doc: "per client IP and public POST route, N/duration; off disables all limiting", set: setRateLimit},
		{Name: "JOIN_REQUIRES_APPROVAL", Dev: "false", Prod: "false", Doc: "confirmed joins wait for an admin", set: boolean(func(c *Config) *bool { return &c.JoinRequiresApproval })},
		{Name: "DELETION_AUTO_APPROVE_AFTER", Dev: "0", Prod: "0", Doc: "erase automatically after this cooling-off period (max 720h); 0 means an admin approves", set: setAutoApprove},
		{Name: "PRIVACY_CONTACT", Doc: "address members write to about their data (default MAIL_FROM)", set: setPrivacyContact},
		{Name: "PRIVACY_NOTICE_URL", Doc: "the organisation's own privacy notice, replacing the generated /privacy page", set: setPrivacyNoticeURL},
		{Name: "ERASE_LEFT_AFTER", Dev: "0", Prod: "0", Doc: "erase members cancelled for longer than this; 0 means never", set: setEraseLeftAfter},
		{Name: "CURRENCY", Dev: "EUR", Prod: "EUR", Doc: "ISO 4217 code: the default currency of new plans", set: setCurrency},
		{Name: "LIFECYCLE_CRON", Dev: "15 4 * * *", Prod: "15 4 * * *", Doc: "schedule of the dues lifecycle job (5-field cron, UTC)", set: setLifecycleCron},
		{Name: "RENEWAL_NOTICE_DAYS", Dev: "30", Prod: "30", Doc: "days before paid_through the next period is created and announced", set: setRenewalNoticeDays},
		{Name: "FINANCE_RETENTION", Dev: "0", Prod: "0", Doc: "keep payer and reference of an erased member's payments this long after the period's end; 0 clears them at erasure", set: setFinanceRetention},
		{Name: "CARD_SIGNING_KEY", Secret: true, Doc: "base64 Ed25519 seed signing membership cards; empty derives one from SECRET_KEY", set: setCardSigningKey},
		{Name: "CARD_PREVIOUS_KEYS", Secret: true, Doc: "former CARD_SIGNING_KEY values, CSV: verify cards, never sign", set: setCardPreviousKeys},
		{Name: "CARD_VALIDITY", Dev: "8760h", Prod: "8760h", Doc: "how long a card of a lifetime-plan or plan-less member is valid", set: setCardValidity},
		{Name: "CARD_CLOCK_OFFSET", Dev: "0", Prod: "0", Doc: "development only: shifts the clock cards are signed and checked with (e.g. 11m: a QR's ten minutes have passed); forbidden in production", set: setCardClockOffset},
		{Name: "LEDGER_PATH", Doc: "restore-safety ledger (JSON lines) outside the data dir; empty: <data dir>/../memberbase-ledger.jsonl", set: str(func(c *Config) *string { return &c.LedgerPath })},
		{Name: "AUDIT_RETENTION", Dev: "17520h", Prod: "17520h", Doc: "audit rows older than this are pruned daily, leaving a checkpoint; 0 keeps them all", set: setAuditRetention},
		{Name: "ANNOUNCEMENT_RATE", Dev: "600/1m", Prod: "600/1m", Doc: "most announcement mails sent in any window, N/duration; transactional mail always goes first and is not limited", set: setAnnouncementRate},
		{Name: "ALLOW_SQL_CONSOLE", Dev: "true", Prod: "false", Doc: "PocketBase's SQL console (POST /api/sql); every use is audited", set: boolean(func(c *Config) *bool { return &c.AllowSQLConsole })},
		{Name: "WEBHOOK_ALLOW_PRIVATE", Dev: "true", Prod: "false", Doc: "let webhook deliveries connect to loopback, private, link-local, CGNAT, multicast and unspecified addresses", set: boolean(func(c *Config) *bool { return &c.WebhookAllowPrivate })},
	}
}

// maxAutoApprove is the GDPR month: a deletion must complete within it.
const maxAutoApprove = 720 * time.Hour
