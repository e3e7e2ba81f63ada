package webhooks_test

import (
	"context"
	"fmt"
	"testing"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestEvery2xxAnswerIsADelivery: any status from 200 to 299 counts as
// delivered (SPEC §17), the ends of the range included; 300 does not. (A
// 1xx cannot be a final answer: Go's server sends 200 after it.)
func TestEvery2xxAnswerIsADelivery(t *testing.T) {
	for _, c := range []struct {
		status    int
		delivered bool
	}{{200, true}, {299, true}, {300, false}} {
		t.Run(fmt.Sprint(c.status), func(t *testing.T) {
			app, _ := testapp.New(t, nil)
			rcv := newReceiver(t, c.status)
			addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
			saveMembers(t, app, 1)
			w := newWorker(app, newClock(), webhooks.Options{AllowPrivate: true})
			w.Drain(context.Background())
			ds := deliveries(t, app)
			if len(ds) != 1 || (ds[0].Status == webhooks.StatusDelivered) != c.delivered {
				t.Errorf("answer %d: deliveries %+v, want delivered=%v", c.status, ds, c.delivered)
			}
		})
	}
}
