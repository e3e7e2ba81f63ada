package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/web"
)

func TestPrivacyNoticeListsEachRetentionPeriodFromTheConfiguration(t *testing.T) {
	s := newSite(t, prodEnv(map[string]string{
		"PRIVACY_CONTACT":   "privacy@example.org",
		"SMTP_HOST":         "smtp.mailer.example",
		"BACKUP_CRON":       "30 2 * * *",
		"BACKUP_MAX_KEEP":   "5",
		"ERASE_LEFT_AFTER":  "8760h",
		"AUDIT_RETENTION":   "4368h",
		"FINANCE_RETENTION": "8760h",
		"S3_BUCKET":         "files", "S3_ENDPOINT": "https://s3.storage.example", "S3_REGION": "eu", "S3_ACCESS_KEY": "k", "S3_SECRET": "s",
		"SENTRY_DSN": "https://publickey@errors.monitor.example/42",
		"LOG_IP":     "false",
	}), siteOpts{})
	resp, page := s.req("GET", "/privacy", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /privacy: %d", resp.StatusCode)
	}
	for _, want := range []string{
		"Example Union is the controller", `href="mailto:privacy@example.org"`,
		"Art. 6(1)(b)", "Art. 9(2)(d)", "Art. 6(1)(a)", "Art. 6(1)(f)", "IP addresses are not recorded",
		"smtp.mailer.example", "s3.storage.example", "errors.monitor.example",
		// retention, each from the configuration or the code that applies it
		"erased 365 days after the membership ended",                  // ERASE_LEFT_AFTER
		"schedule 30 2 * * * (UTC) and the newest 5",                  // BACKUP_CRON, BACKUP_MAX_KEEP
		"works for 24 hours", "deleted 7 days after the link expired", // join requests
		"deleted after 24 hours",                         // intake quota hashes
		"removed after 30 days", "deleted after 90 days", // outbox
		"request log are kept 7 days",                // config.LogsMaxDays
		"access and change record are kept 182 days", // AUDIT_RETENTION
		// dues (SPEC §15): financial records per FINANCE_RETENTION
		"the payments we received from you", "until 365 days after the end of the period they paid", "lose their payer name and reference after 365 days",
		`href="/lookup"`, "supervisory authority",
		// self-service (SPEC §14): leave reason and note, address change history
		"the date you left, the reason you chose and the note you wrote", "each change you asked for, with its dates",
		"changing your address ends every link sent to the old one", "Update my details or leave",
		// branches (SPEC §16b): reps as recipients, of their own branch only
		"Workplace representatives of your branch", "reps of other branches see nothing about you", "your branch or workplace (if you give it)",
	} {
		if !strings.Contains(page, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("the notice lacks %q", want)
		}
	}
	if strings.Contains(page, "publickey") {
		t.Error("the notice shows the Sentry key")
	}

	plain := newSite(t, prodEnv(nil), siteOpts{})
	_, page = plain.req("GET", "/privacy", nil, nil)
	if !contains(page, "kept until you ask us to delete them", `href="mailto:noreply@example.org"`,
		"payer name and reference of your payments are removed at once", "reference after 90 days") ||
		contains(page, "error monitoring") {
		t.Errorf("defaults: PRIVACY_CONTACT falls back to MAIL_FROM, ERASE_LEFT_AFTER=0 keeps, no Sentry line:\n%s", page)
	}

	own := newSite(t, prodEnv(map[string]string{"PRIVACY_NOTICE_URL": "https://example.org/privacy"}), siteOpts{})
	if resp, _ := own.req("GET", "/privacy", nil, nil); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "https://example.org/privacy" {
		t.Errorf("PRIVACY_NOTICE_URL: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestHumanDurations(t *testing.T) {
	n := web.BuildPrivacyNotice(testapp.Config(t, map[string]string{"ERASE_LEFT_AFTER": "36h"}))
	found := false
	for _, l := range n.Retention {
		found = found || strings.Contains(l.Text, "erased 36 hours after")
	}
	if !found {
		t.Errorf("36h: %+v", n.Retention)
	}
	n = web.BuildPrivacyNotice(testapp.Config(t, map[string]string{"ERASE_LEFT_AFTER": "90m"}))
	found = false
	for _, l := range n.Retention {
		found = found || strings.Contains(l.Text, "erased "+(90*time.Minute).String())
	}
	if !found {
		t.Errorf("90m: %+v", n.Retention)
	}
}
