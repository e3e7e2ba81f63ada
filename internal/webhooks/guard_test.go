package webhooks_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestCheckIPMatrix: every range SPEC §17 names is refused, IPv4-mapped
// forms included; public addresses pass.
func TestCheckIPMatrix(t *testing.T) {
	refused := []string{
		"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1",
		"10.0.0.1", "172.16.5.4", "192.168.1.1", "fc00::1", "fd12::1", "::ffff:10.0.0.1",
		"169.254.169.254", "fe80::1", "::ffff:169.254.169.254",
		"100.64.0.1", "100.127.255.254", "::ffff:100.64.0.1",
		"224.0.0.1", "239.255.255.250", "ff02::1",
		"0.0.0.0", "::", "0.1.2.3", "255.255.255.255",
	}
	for _, s := range refused {
		if err := webhooks.CheckIP(netip.MustParseAddr(s)); !errors.Is(err, webhooks.ErrForbiddenAddress) {
			t.Errorf("%s: %v, want refused", s, err)
		}
	}
	for _, s := range []string{"93.184.216.34", "8.8.8.8", "100.128.0.1", "100.63.255.255", "2606:4700::1111", "::ffff:93.184.216.34"} {
		if err := webhooks.CheckIP(netip.MustParseAddr(s)); err != nil {
			t.Errorf("%s refused: %v", s, err)
		}
	}
}

// lookupTo resolves every host to addr, as a DNS record pointing a public
// name at an internal address would.
func lookupTo(addr string) func(context.Context, string) ([]netip.Addr, error) {
	return func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr(addr)}, nil
	}
}

// TestGuardRefusesAtConnectInProduction: in production a name that
// resolves to 127.0.0.1 or ::ffff:10.0.0.1 is refused when the socket
// connects, so the receiver on 127.0.0.1 never sees the request.
func TestGuardRefusesAtConnectInProduction(t *testing.T) {
	app, cfg := testapp.New(t, testapp.Production())
	if cfg.WebhookAllowPrivate {
		t.Fatal("production allows private addresses by default")
	}
	rcv := newReceiver(t, http.StatusOK)
	u, _ := url.Parse(rcv.URL)
	addEndpoint(t, app, "https://hooks.example.com:"+u.Port()+"/in", webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org"})

	for _, addr := range []string{"127.0.0.1", "::ffff:10.0.0.1"} {
		c := newClock()
		w := newWorker(app, c, webhooks.Options{AllowPrivate: cfg.WebhookAllowPrivate, LookupIP: lookupTo(addr)})
		if n := drain(w); n != 1 {
			t.Errorf("%s: %d posts tried, want 1 (then the endpoint cools down)", addr, n)
		}
		refused := 0
		for _, d := range deliveries(t, app) {
			switch {
			case d.Status == webhooks.StatusQueued && strings.Contains(d.LastError, "loopback, private"):
				refused++
			case d.Status == webhooks.StatusQueued && d.LastError == "" && d.Attempts == 0:
				// held back by the endpoint's cooldown, its attempt not counted
			default:
				t.Errorf("%s: delivery %+v, want refused and queued for retry", addr, d)
			}
		}
		if refused == 0 {
			t.Errorf("%s: no delivery refused", addr)
		}
		setAllDue(t, app)
	}
	if n := len(rcv.requests()); n != 0 {
		t.Errorf("the receiver got %d requests", n)
	}
}

// TestGuardAllowsPrivateInDevelopmentOrWithTheFlag: the same name reaches
// the receiver in development (the default there) and in production
// with WEBHOOK_ALLOW_PRIVATE=true.
func TestGuardAllowsPrivateInDevelopmentOrWithTheFlag(t *testing.T) {
	prod := testapp.Production()
	prod["WEBHOOK_ALLOW_PRIVATE"] = "true"
	for name, env := range map[string]map[string]string{"development": nil, "production with the flag": prod} {
		t.Run(name, func(t *testing.T) {
			app, cfg := testapp.New(t, env)
			rcv := newReceiver(t, http.StatusOK)
			u, _ := url.Parse(rcv.URL)
			// Production stores https only, and the test receiver is
			// plain HTTP: switch the stored URL underneath.
			h := addEndpoint(t, app, "https://hooks.example.com:"+u.Port()+"/in", webhooks.EventMemberCreated)
			if _, err := app.DB().NewQuery("UPDATE webhooks SET url = {:u} WHERE id = {:id}").
				Bind(map[string]any{"u": "http://hooks.example.com:" + u.Port() + "/in", "id": h.Id}).Execute(); err != nil {
				t.Fatal(err)
			}
			testapp.SaveMember(t, app, nil)
			w := newWorker(app, newClock(), webhooks.Options{AllowPrivate: cfg.WebhookAllowPrivate, LookupIP: lookupTo("127.0.0.1")})
			drain(w)
			if d := deliveries(t, app)[0]; d.Status != webhooks.StatusDelivered {
				t.Errorf("delivery %+v", d)
			}
			if n := len(rcv.requests()); n != 1 {
				t.Errorf("the receiver got %d requests", n)
			}
		})
	}
}

// setAllDue makes every queued delivery due now.
func setAllDue(t *testing.T, app core.App) {
	t.Helper()
	if _, err := app.DB().NewQuery("UPDATE webhook_deliveries SET next_attempt_at = '2000-01-01 00:00:00.000Z'").Execute(); err != nil {
		t.Fatal(err)
	}
}
