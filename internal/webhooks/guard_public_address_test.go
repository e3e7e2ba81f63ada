package webhooks_test

import (
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestGuardLetsAPublicAddressThroughInProduction: in production a name that
// resolves to a public address (192.0.2.1, a documentation address nobody
// answers on) is dialled: the post fails for the network's reason, never as
// a refused address, so an integrator's real endpoint is not turned away.
func TestGuardLetsAPublicAddressThroughInProduction(t *testing.T) {
	app, cfg := testapp.New(t, testapp.Production())
	addEndpoint(t, app, "https://hooks.example.com/in", webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	w := newWorker(app, newClock(), webhooks.Options{AllowPrivate: cfg.WebhookAllowPrivate,
		LookupIP: lookupTo("192.0.2.1"), Timeout: 2 * time.Second})
	if n := drain(w); n != 1 {
		t.Fatalf("%d posts tried, want 1", n)
	}
	d := deliveries(t, app)[0]
	if d.Status != webhooks.StatusQueued || d.Attempts != 1 || d.LastError == "" {
		t.Fatalf("delivery %+v, want one failed attempt queued for retry", d)
	}
	if strings.Contains(d.LastError, "loopback, private") {
		t.Errorf("a public address was refused by the guard: %s", d.LastError)
	}
}
