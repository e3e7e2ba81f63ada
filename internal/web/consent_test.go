package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// publish adds a consent text published at when.
func publish(t *testing.T, app core.App, version, statement, marketing string, when time.Time) {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("consent_texts")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("version", version)
	r.Set("statement", statement)
	r.Set("marketing_statement", marketing)
	dt, _ := types.ParseDateTime(when.UTC())
	r.Set("published_at", dt)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
}

func TestJoinStoresTheConsentVersionShown(t *testing.T) {
	s := newJoinSite(t, nil)
	page, _, _ := s.openForm("/join")
	if m := consentVersionRe.FindStringSubmatch(page); m == nil || m[1] != "1" || !strings.Contains(page, `href="/privacy"`) {
		t.Fatalf("the form shows version %v", m)
	}
	// A text dated in the future is not shown yet; a new one at once.
	publish(t, s.app, "2027-draft", "Not yet.", "", time.Now().Add(time.Hour))
	publish(t, s.app, "2026-01", "I join Example Union under its statutes of 2026 and have read the privacy notice.",
		"Send me the Example Union newsletter.", time.Now())
	page, _, _ = s.openForm("/join")
	if m := consentVersionRe.FindStringSubmatch(page); m == nil || m[1] != "2026-01" ||
		!contains(page, "statutes of 2026", "Send me the Example Union newsletter.") || strings.Contains(page, "Not yet.") {
		t.Fatalf("after publishing 2026-01 the form shows %v:\n%s", m, page)
	}

	// A form opened before the change: asked again, nothing stored.
	resp, page := s.postForm("/join", "/join", joinFields("ada@example.org", "consent_version", "1"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "updated while the form was open") ||
		!strings.Contains(page, `name="consent_version" value="2026-01"`) || s.count("intake") != 0 {
		t.Fatalf("stale version: %d\n%s", resp.StatusCode, page)
	}

	s.join("ada@example.org", "consent_version", "2026-01", "marketing_opt_in", "yes")
	path, _ := link(t, s.mail(1))
	if resp, _ := s.confirm(path); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	m, err := s.app.FindFirstRecordByData("members", "email", "ada@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetString("consent_version") != "2026-01" || m.GetDateTime("consent_at").IsZero() || m.GetDateTime("marketing_opt_in_at").IsZero() {
		t.Errorf("member consent: %q at %v, marketing at %v", m.GetString("consent_version"), m.GetDateTime("consent_at"), m.GetDateTime("marketing_opt_in_at"))
	}
	shown, _ := s.app.FindFirstRecordByData("consent_texts", "version", m.GetString("consent_version"))
	if shown == nil || !strings.Contains(shown.GetString("statement"), "statutes of 2026") {
		t.Error("the stored version does not lead back to the statement shown")
	}
}
