package webhooks_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestDeactivationMailsEveryAdmin: when an endpoint is turned off after
// failing for five days, every superuser gets the mail, not only the first.
func TestDeactivationMailsEveryAdmin(t *testing.T) {
	app, _ := testapp.New(t, nil)
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"ada@example.org", "grace@example.org"} {
		su := core.NewRecord(col)
		su.SetEmail(email)
		su.SetPassword("root-password-123")
		if err := app.Save(su); err != nil {
			t.Fatal(err)
		}
	}
	rcv := newReceiver(t, http.StatusServiceUnavailable)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})
	drain(w)
	c.Add(5 * 24 * time.Hour)
	setAllDue(t, app)
	drain(w)

	var to []string
	if err := app.DB().Select("recipient").From("email_outbox").
		Where(dbx.HashExp{"kind": webhooks.MailDeactivated}).OrderBy("recipient").Column(&to); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(to, []string{"ada@example.org", "grace@example.org"}) {
		t.Errorf("deactivation mailed to %v, want both superusers", to)
	}
}
