// Package config turns MEMBERBASE_* environment variables into a typed,
// validated [Config]. Loading fails only on malformed values; missing or weak
// production values are reported as [Finding]s by [Config.Validate].
package config

import (
	"crypto/ed25519"
	"net/netip"
	"time"
)

// Prefix is the common prefix of every environment variable memberbase reads.
const Prefix = "MEMBERBASE_"

// Profiles selected by MEMBERBASE_ENV.
const (
	Development = "development"
	Production  = "production"
)

// DevSecretKey is the fixed, public development key. It must never be used in
// production, nor as a fallback key there.
const DevSecretKey = "memberbase-development-secret-key-DO-NOT-USE-IN-PRODUCTION-0123456789"

// EncryptionEnvName is the environment variable PocketBase reads the settings
// encryption key from (its --encryptionEnv). [Load] sets it from
// MEMBERBASE_ENCRYPTION_KEY or MEMBERBASE_ENCRYPTION_KEY_FILE.
const EncryptionEnvName = "MEMBERBASE_PB_ENCRYPTION_KEY"

// Config is the whole typed configuration of memberbase.
type Config struct {
	Env string

	SecretKey          string
	SecretKeyFallbacks []string
	EncryptionKey      string

	AllowedHosts       []string
	CSRFTrustedOrigins []string
	CORSOrigins        []string
	BaseURL            string

	SecureSSLRedirect     bool
	HSTSSeconds           int
	HSTSIncludeSubdomains bool
	HSTSPreload           bool
	TrustedProxies        []netip.Prefix

	SMTP         SMTP
	MailFrom     string
	MailFromName string
	OrgName      string

	S3         S3
	BackupCron string
	BackupKeep int
	BackupS3   S3

	LogFormat string
	LogLevel  string
	LogIP     bool
	LogSQL    bool

	SentryDSN string
	Release   string

	MemberIDPrefix string
	MemberIDWidth  int

	StaticURL string
	RateLimit RateLimit

	JoinRequiresApproval     bool
	DeletionAutoApproveAfter time.Duration

	// PrivacyContact is where members reach the controller about their data:
	// PRIVACY_CONTACT, or MAIL_FROM when that is unset.
	PrivacyContact string
	// PrivacyNoticeURL, when set, replaces the generated /privacy page.
	PrivacyNoticeURL string
	// EraseLeftAfter is how long cancelled members are kept before they are
	// erased; 0 keeps them.
	EraseLeftAfter time.Duration

	// Currency is the default currency of new plans (ISO 4217, upper-case).
	Currency string
	// LifecycleCron schedules the dues lifecycle job.
	LifecycleCron string
	// RenewalNoticeDays is how many days before paid_through a renewal is
	// announced.
	RenewalNoticeDays int
	// FinanceRetention keeps payer and reference on an erased member's
	// payments this long after the period's end; 0 clears them at erasure.
	FinanceRetention time.Duration

	// CardSigningKey signs membership cards (nil: derived from SECRET_KEY,
	// see [Config.CardKeys]).
	CardSigningKey ed25519.PrivateKey
	// CardPreviousKeys verify cards signed before a rotation.
	CardPreviousKeys []ed25519.PublicKey
	// CardValidity is the lifetime of a card without a periodic plan.
	CardValidity time.Duration
	// CardClockOffset shifts the card clock (development only, see
	// [Config.CardClock]).
	CardClockOffset time.Duration

	// UnknownVars are the MEMBERBASE_* variables set in the environment that
	// memberbase does not read (typos, renamed ones), sorted. Only
	// [LoadEnviron] can see them.
	UnknownVars []string

	// privacyContactUnset is true when PrivacyContact fell back to MAIL_FROM.
	privacyContactUnset bool

	LedgerPath      string // "" means [Config.LedgerFile]'s default next to the data dir
	AuditRetention  time.Duration
	AllowSQLConsole bool

	// AnnouncementRate bounds announcement sends (SPEC §19); transactional
	// mail is never limited by it.
	AnnouncementRate RateLimit
	// WebhookAllowPrivate lifts the webhooks' SSRF guard (SPEC §17).
	WebhookAllowPrivate bool
}

// SMTP holds the outgoing mail server settings. An empty Host means mails are
// printed to the console log (development only).
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      bool
}

// S3 holds an S3-compatible storage configuration. It is enabled when Bucket
// is set.
type S3 struct {
	Endpoint       string
	Bucket         string
	Region         string
	AccessKey      string
	Secret         string
	ForcePathStyle bool
}

// Enabled reports whether the S3 storage is configured.
func (s S3) Enabled() bool { return s.Bucket != "" }

// RateLimit is the per client IP and route limit of public POST routes.
type RateLimit struct {
	Off    bool
	Max    int
	Window time.Duration
}

// IsProduction reports whether the production profile is active.
func (c *Config) IsProduction() bool { return c.Env == Production }

// IsDevelopment reports whether the development profile is active.
func (c *Config) IsDevelopment() bool { return c.Env == Development }
