package config_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"memberbase/internal/config"
	"memberbase/internal/testapp"
)

// with returns a copy of env with the MEMBERBASE_ variables kv (name, value,
// name, value, ...) set.
func with(env map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(env)+len(kv)/2)
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[config.Prefix+kv[i]] = kv[i+1]
	}
	return out
}

func ids(fs []config.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

// sampleWarnings are the findings deploy/production.env.example is
// documented to keep (its header and the README say so).
var sampleWarnings = []string{"MB.W008"}

func TestSampleEnvHasOnlyItsDocumentedWarnings(t *testing.T) {
	got := ids(testapp.Config(t, testapp.SampleEnv(t)).Validate())
	if !slices.Equal(got, sampleWarnings) {
		t.Fatalf("sample env findings = %v, want exactly %v", got, sampleWarnings)
	}
}

// validateCase is one bad value (name, value pairs) and the finding it must
// raise.
type validateCase struct {
	id  string
	env []string
}

var validateCases = []validateCase{
	{"MB.E001", []string{"ENV", "development"}},
	{"MB.E002", []string{"SECRET_KEY", ""}},
	{"MB.E003", []string{"SECRET_KEY", config.DevSecretKey}},
	{"MB.E004", []string{"SECRET_KEY", "too-short-0123456789"}},
	{"MB.E004", []string{"SECRET_KEY", "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd"}},
	{"MB.E005", []string{"SECRET_KEY_FALLBACKS", config.DevSecretKey}},
	{"MB.E005", []string{"SECRET_KEY_FALLBACKS", "old-but-short"}},
	{"MB.E006", []string{"ENCRYPTION_KEY", ""}},
	{"MB.E007", []string{"ALLOWED_HOSTS", ""}},
	{"MB.E007", []string{"ALLOWED_HOSTS", "*"}},
	{"MB.E008", []string{"BASE_URL", ""}},
	{"MB.E008", []string{"BASE_URL", "http://members.example.org"}},
	{"MB.E009", []string{"SMTP_HOST", ""}},
	{"MB.E010", []string{"MAIL_FROM", ""}},
	{"MB.E011", []string{"ORG_NAME", ""}},
	{"MB.E012", []string{"CSRF_TRUSTED_ORIGINS", "https://a.example.org,http://proxy.example.org"}},
	{"MB.E013", []string{"STATIC_URL", "http://cdn.example.org/static"}},
	{"MB.E014", []string{"BASE_URL", "https://other.example.org"}},
	{"MB.W001", []string{"SECURE_SSL_REDIRECT", "false"}},
	{"MB.W002", []string{"HSTS_SECONDS", "0"}},
	{"MB.W003", []string{"HSTS_INCLUDE_SUBDOMAINS", "false"}},
	{"MB.W004", []string{"HSTS_PRELOAD", "false"}},
	{"MB.W005", []string{"ENV", "development"}},
	{"MB.W006", []string{"RATE_LIMIT", "off"}},
	{"MB.W007", []string{"TRUSTED_PROXIES", ""}},
	{"MB.W008", []string{"SENTRY_DSN", ""}},
	{"MB.W009", []string{"CORS_ORIGINS", "http://app.example.org"}},
	{"MB.W010", []string{"HSTS_SECONDS", "86400"}},
	{"MB.E016", []string{"TRUSTED_PROXIES", "0.0.0.0/0"}},
	{"MB.E016", []string{"TRUSTED_PROXIES", "127.0.0.1,::/0"}},
	{"MB.W012", []string{"ENV", "development", "TRUSTED_PROXIES", "0.0.0.0/0"}},
	{"MB.E017", []string{"SMTP_PORT", "465"}},
	{"MB.E018", []string{"LOG_SQL", "true"}},
	{"MB.E019", []string{"PRIVACY_NOTICE_URL", "http://example.org/privacy"}},
	{"MB.E020", []string{"LEDGER_PATH", ""}},
	{"MB.E021", []string{"CARD_CLOCK_OFFSET", "11m"}},
	{"MB.W013", []string{"ALLOWED_HOST", "members.example.org"}},
	{"MB.W014", []string{"PRIVACY_CONTACT", ""}},
	{"MB.W015", []string{"ERASE_LEFT_AFTER", "0"}},
	{"MB.W016", []string{"CARD_SIGNING_KEY", ""}},
	{"MB.E030", []string{"S3_BUCKET", "media"}},
	{"MB.E031", []string{"BACKUP_S3_BUCKET", "backups"}},
}

// load is testapp.Config through [config.LoadEnviron], which alone sees
// unknown variables.
func load(t *testing.T, env map[string]string) *config.Config {
	t.Helper()
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	c, err := config.LoadEnviron(environ)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return c
}

// TestValidateFindingsFireAndStayQuiet checks every finding against one bad
// value of an otherwise complete production environment (the sample plus a
// Sentry DSN, which has no finding at all).
func TestValidateFindingsFireAndStayQuiet(t *testing.T) {
	quiet := with(testapp.SampleEnv(t), "SENTRY_DSN", "https://public-key@sentry.example.org/1")
	if got := load(t, quiet).Validate(); len(got) != 0 {
		t.Fatalf("complete production env has findings: %v", got)
	}
	for _, tc := range validateCases {
		t.Run(tc.id+" "+tc.env[0]+"="+tc.env[1], func(t *testing.T) {
			fs := load(t, with(quiet, tc.env...)).Validate()
			i := slices.IndexFunc(fs, func(f config.Finding) bool { return f.ID == tc.id })
			if i < 0 {
				t.Fatalf("no %s; findings: %v", tc.id, ids(fs))
			}
			f := fs[i]
			wantLevel := config.LevelWarning
			if f.ID[3] == 'E' {
				wantLevel = config.LevelError
			}
			if f.Level != wantLevel || f.Message == "" || f.Fix == "" || f.Var == "" {
				t.Errorf("malformed finding %+v", f)
			}
		})
	}
}

// TestEveryFindingHasACase keeps the table complete: an ID added to a file
// of the package without a case here fails.
func TestEveryFindingHasACase(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range regexp.MustCompile(`"(MB\.[EW]\d{3})"`).FindAllStringSubmatch(string(src), -1) {
			n++
			if !slices.ContainsFunc(validateCases, func(c validateCase) bool { return c.id == id[1] }) {
				t.Errorf("%s (%s) has no case in validateCases", id[1], name)
			}
		}
	}
	if n < len(validateCases)/2 {
		t.Fatalf("found only %d finding IDs in the sources", n)
	}
}

func TestFindingStringAndLevels(t *testing.T) {
	f := config.Finding{ID: "MB.W001", Level: config.LevelWarning, Message: "m", Fix: "f"}
	if got, want := f.String(), "MB.W001 WARNING m (fix: f)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	e := config.Finding{ID: "MB.E001", Level: config.LevelError}
	if !f.AtLeast(config.LevelWarning) || f.AtLeast(config.LevelError) || !e.AtLeast(config.LevelError) || !e.AtLeast(config.LevelWarning) {
		t.Error("AtLeast does not order warning < error")
	}
	if got := ids(config.Errors([]config.Finding{f, e})); !slices.Equal(got, []string{"MB.E001"}) {
		t.Errorf("Errors() = %v", got)
	}
}
