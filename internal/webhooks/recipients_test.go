package webhooks_test

import (
	"slices"
	"testing"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestRecipientHostsListsActiveEndpointsGettingPersonalData: inactive
// endpoints and those subscribed to personal-data-free events only are
// left out; hosts appear once.
func TestRecipientHostsListsActiveEndpointsGettingPersonalData(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addEndpoint(t, app, "https://crm.example.com/a", webhooks.EventMemberCreated)
	addEndpoint(t, app, "https://crm.example.com/b", webhooks.EventMemberUpdated, webhooks.EventMemberErased)
	addEndpoint(t, app, "https://bot.example.net/", webhooks.EventMemberErased, webhooks.EventPrivacyStatusChanged)
	off := addEndpoint(t, app, "https://old.example.org/", webhooks.EventMemberStatusChanged)
	off.Set("active", false)
	if err := app.Save(off); err != nil {
		t.Fatal(err)
	}
	got, err := webhooks.RecipientHosts(app)
	if err != nil || !slices.Equal(got, []string{"crm.example.com"}) {
		t.Errorf("hosts %v, %v", got, err)
	}
}
