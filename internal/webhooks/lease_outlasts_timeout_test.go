package webhooks_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestTheLeaseOutlastsThePostTimeout: a claimed delivery is leased (no
// other claim takes it, and a crashed worker's comes back when it ends)
// for Lease, which must outlast a post's Timeout: by default 2 minutes, or
// twice the timeout when that is longer; a configured lease that does not
// outlast the timeout is replaced the same way. The lease is read where an
// operator sees it, the delivery's lease_until.
func TestTheLeaseOutlastsThePostTimeout(t *testing.T) {
	for _, c := range []struct {
		timeout, lease time.Duration // as configured
		want           time.Duration
	}{
		{0, 0, 2 * time.Minute},                              // the defaults (a 10 s timeout)
		{10 * time.Second, 5 * time.Minute, 5 * time.Minute}, // configured
		{90 * time.Second, 100 * time.Second, 100 * time.Second},
		{10 * time.Second, 10 * time.Second, 2 * time.Minute}, // not longer than the timeout
		{2 * time.Minute, 0, 4 * time.Minute},                 // twice a long timeout
		{3 * time.Minute, time.Minute, 6 * time.Minute},
	} {
		t.Run(fmt.Sprintf("Timeout=%s,Lease=%s", c.timeout, c.lease), func(t *testing.T) {
			app, _ := testapp.New(t, nil)
			rcv := newReceiver(t, http.StatusNoContent)
			addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
			testapp.SaveMember(t, app, nil)
			clk := newClock()
			w := newWorker(app, clk, webhooks.Options{AllowPrivate: true, Timeout: c.timeout, Lease: c.lease})
			if ids := w.ClaimIDs(context.Background(), 10); len(ids) != 1 {
				t.Fatalf("claimed %d deliveries, want 1", len(ids))
			}
			var row struct {
				LeaseUntil string `db:"lease_until"`
			}
			if err := app.DB().NewQuery("SELECT lease_until FROM webhook_deliveries").One(&row); err != nil {
				t.Fatal(err)
			}
			until, err := types.ParseDateTime(row.LeaseUntil)
			if err != nil {
				t.Fatal(err)
			}
			if got := until.Time().Sub(clk.Now()); got != c.want {
				t.Errorf("leased for %s, want %s", got, c.want)
			}
		})
	}
}
