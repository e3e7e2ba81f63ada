package privacy_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// downloadLink confirms a fresh request and returns the download token of
// the mail that followed.
func (e *env) downloadLink() string {
	e.t.Helper()
	if err := e.svc.Confirm(e.app, e.confirmLink()); err != nil {
		e.t.Fatal(err)
	}
	ms := e.mails()
	last := ms[len(ms)-1]
	if last.Kind != privacy.MailDetailsReady || !last.Sensitive || last.Recipient != "ada@example.org" {
		e.t.Fatalf("last mail %+v", last)
	}
	return e.tokenIn(last)
}

func TestDownloadRepeatsUntilExpiryAndCompletesOnce(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, map[string]any{"member_id": "M-000042"})
	tok := e.downloadLink()
	req := e.requests()[0]
	if d := req.GetDateTime("download_expires_at").Time().Sub(e.clock.Now()); d < privacy.DownloadTTL-time.Second || d > privacy.DownloadTTL {
		t.Errorf("download link lasts %s", d)
	}
	link, err := e.svc.DownloadLink(e.app, tok)
	if err != nil || !link.ExpiresAt.Equal(req.GetDateTime("download_expires_at").Time()) {
		t.Fatalf("DownloadLink: %+v, %v", link, err)
	}
	if e.reload(req).GetString("status") != privacy.StatusConfirmed {
		t.Fatal("looking at the link changed the request")
	}
	if _, err := e.svc.Download(e.app, tok, "csv"); !errors.Is(err, privacy.ErrFormat) {
		t.Errorf("format csv: %v", err)
	}

	first, err := e.svc.Download(e.app, tok, privacy.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(first.Body, &doc); err != nil || doc["schema_version"] != float64(1) {
		t.Fatalf("JSON file: %v %s", err, first.Body)
	}
	if first.Name != "membership-data-M-000042.json" || first.ContentType != "application/json" {
		t.Errorf("file %q %q", first.Name, first.ContentType)
	}
	completedAt := e.reload(req).GetDateTime("completed_at")
	e.clock.Advance(time.Hour)
	again, err := e.svc.Download(e.app, tok, privacy.FormatJSON)
	if err != nil || string(again.Body) != string(first.Body) {
		t.Fatalf("second download: %v", err)
	}
	html, err := e.svc.Download(e.app, tok, privacy.FormatHTML)
	if err != nil || html.ContentType != "text/html; charset=utf-8" || !strings.Contains(string(html.Body), "Your data at Example Union") {
		t.Fatalf("summary: %v %q", err, html.ContentType)
	}
	req = e.reload(req)
	if req.GetString("status") != privacy.StatusCompleted || !req.GetDateTime("completed_at").Equal(completedAt) || completedAt.IsZero() {
		t.Errorf("status %s, completed_at %s (first download %s)", req.GetString("status"), req.GetDateTime("completed_at"), completedAt)
	}
	want := []string{">awaiting_confirmation:system", "awaiting_confirmation>confirmed:member", "confirmed>completed:member"}
	if got := e.events(req.Id); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}

	e.clock.Advance(privacy.DownloadTTL)
	if _, err := e.svc.DownloadLink(e.app, tok); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("expired download link shown: %v", err)
	}
	if _, err := e.svc.Download(e.app, tok, privacy.FormatJSON); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("expired download served: %v", err)
	}
	// The confirmation token is no download token, and the other way round.
	if _, err := e.svc.DownloadLink(e.app, e.confirmLink()); !errors.Is(err, privacy.ErrGone) {
		t.Errorf("confirmation token opened a download: %v", err)
	}
}
