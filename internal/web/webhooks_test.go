package web_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/webhooks"
)

// TestPrivacyNoticeNamesWebhookRecipients: an active endpoint receiving
// member events appears among the recipients, with the retention of its
// messages; an instance without one says nothing about webhooks.
func TestPrivacyNoticeNamesWebhookRecipients(t *testing.T) {
	none := newSite(t, prodEnv(nil), siteOpts{})
	if _, page := none.req("GET", "/privacy", nil, nil); strings.Contains(page, "A system connected by") || strings.Contains(page, "Notices to connected systems") {
		t.Errorf("webhook recipients without an endpoint:\n%s", page)
	}
	s := newSite(t, prodEnv(nil), siteOpts{before: func(app *tests.TestApp) {
		col, err := app.FindCollectionByNameOrId(webhooks.Collection)
		if err != nil {
			t.Fatal(err)
		}
		h := core.NewRecord(col)
		h.Set("url", "https://crm.partner.example/hooks/in?token=secret-token")
		h.Set("events", []string{webhooks.EventMemberUpdated})
		h.Set("active", true)
		if err := app.Save(h); err != nil {
			t.Fatal(err)
		}
	}})
	resp, page := s.req("GET", "/privacy", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /privacy: %d", resp.StatusCode)
	}
	for _, want := range []string{"crm.partner.example", "never notes", "cleared 30 days after"} {
		if !strings.Contains(page, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	if strings.Contains(page, "secret-token") || strings.Contains(page, "/hooks/in") {
		t.Error("the notice shows more of the endpoint than its host")
	}
}

// TestPrivacyNoticeRecipientsFollowEndpointChanges: the cached hosts
// refresh when an endpoint is turned off.
func TestPrivacyNoticeRecipientsFollowEndpointChanges(t *testing.T) {
	var h *core.Record
	s := newSite(t, prodEnv(nil), siteOpts{before: func(app *tests.TestApp) {
		col, _ := app.FindCollectionByNameOrId(webhooks.Collection)
		h = core.NewRecord(col)
		h.Set("url", "https://crm.partner.example/in")
		h.Set("events", []string{webhooks.EventMemberCreated})
		h.Set("active", true)
		if err := app.Save(h); err != nil {
			t.Fatal(err)
		}
	}})
	if _, page := s.req("GET", "/privacy", nil, nil); !strings.Contains(page, "crm.partner.example") {
		t.Fatal("the active endpoint is not named")
	}
	h.Set("active", false)
	if err := s.app.Save(h); err != nil {
		t.Fatal(err)
	}
	if _, page := s.req("GET", "/privacy", nil, nil); strings.Contains(page, "crm.partner.example") {
		t.Error("a turned-off endpoint is still named")
	}
}
