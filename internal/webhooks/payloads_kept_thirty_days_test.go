package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestPayloadsAreKeptThirtyDays: a finished delivery keeps its payload for
// 30 days (SPEC §17), so an integrator's support question about last week's
// event can still be answered; only after that does the purge clear it. The
// dates are literal, not the package's constant.
func TestPayloadsAreKeptThirtyDays(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusOK)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	for _, e := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		testapp.SaveMember(t, app, map[string]any{"email": e})
	}
	now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) string { return now.Add(-d).Format("2006-01-02 15:04:05.000Z") }
	ds := deliveries(t, app)
	setDelivery(t, app, ds[0].ID, dbx.Params{"status": webhooks.StatusDelivered, "updated": at(2 * 24 * time.Hour)})
	setDelivery(t, app, ds[1].ID, dbx.Params{"status": webhooks.StatusFailed, "updated": at(30*24*time.Hour - time.Minute)})
	setDelivery(t, app, ds[2].ID, dbx.Params{"status": webhooks.StatusDelivered, "updated": at(30*24*time.Hour + time.Minute)})

	n, err := webhooks.Purge(app, now)
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want only the delivery finished 30 days and a minute ago", n, err)
	}
	after := deliveries(t, app)
	for i, kept := range []bool{true, true, false} {
		if got := after[i].Payload != "" && after[i].Payload != "null"; got != kept {
			t.Errorf("delivery %d: payload %q, kept %v, want %v", i, after[i].Payload, got, kept)
		}
	}
}
