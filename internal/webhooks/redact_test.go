package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestPurgeClearsOldDeliveredAndFailedPayloads: payloads of deliveries
// finished more than 30 days ago are cleared; recent ones and queued ones
// stay, whatever their age.
func TestPurgeClearsOldDeliveredAndFailedPayloads(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusOK)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	for _, e := range []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org"} {
		testapp.SaveMember(t, app, map[string]any{"email": e})
	}
	ds := deliveries(t, app)
	old := "2000-01-01 00:00:00.000Z"
	setDelivery(t, app, ds[0].ID, dbx.Params{"status": webhooks.StatusDelivered, "updated": old})
	setDelivery(t, app, ds[1].ID, dbx.Params{"status": webhooks.StatusFailed, "updated": old})
	setDelivery(t, app, ds[2].ID, dbx.Params{"status": webhooks.StatusDelivered})
	setDelivery(t, app, ds[3].ID, dbx.Params{"updated": old}) // queued

	n, err := webhooks.Purge(app, time.Now())
	if err != nil || n != 2 {
		t.Fatalf("purged %d, %v", n, err)
	}
	after := deliveries(t, app)
	for i, want := range []bool{true, true, false, false} {
		if cleared := after[i].Payload == "" || after[i].Payload == "null"; cleared != want {
			t.Errorf("delivery %d (%s): payload %q", i, after[i].Status, after[i].Payload)
		}
	}
	if n, _ := webhooks.Purge(app, time.Now()); n != 0 {
		t.Errorf("a second purge cleared %d", n)
	}
}

// TestRedactKeepsOtherEventsAndMembers: Redact touches member events about
// that member only.
func TestRedactKeepsOtherEventsAndMembers(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addEndpoint(t, app, "http://127.0.0.1:9/", webhooks.EventMemberCreated)
	a := testapp.SaveMember(t, app, nil)
	testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org"})
	if err := app.RunInTransaction(func(tx core.App) error { return webhooks.Redact(tx, a.Id) }); err != nil {
		t.Fatal(err)
	}
	ds := deliveries(t, app)
	if contains(ds[0].Payload, "ada@example.org") || !contains(ds[0].Payload, a.GetString("member_id")) {
		t.Errorf("redacted payload %s", ds[0].Payload)
	}
	if !contains(ds[1].Payload, "grace@example.org") {
		t.Errorf("another member's payload changed: %s", ds[1].Payload)
	}
}
