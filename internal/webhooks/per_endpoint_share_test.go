package webhooks_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestAHangingEndpointHoldsOnlyItsShareOfPosts: an endpoint that never
// answers holds at most PerEndpoint of the worker's Concurrency posts at
// once (by default half of them, and never more than all of them), so
// the deliveries to a healthy endpoint go out meanwhile. The hanging
// endpoint has six deliveries waiting, the healthy one two.
func TestAHangingEndpointHoldsOnlyItsShareOfPosts(t *testing.T) {
	const concurrency = 4
	for _, c := range []struct {
		perEndpoint int // as configured
		held        int // posts the hanging endpoint holds at once
	}{
		{0, 2}, // the default: half of Concurrency
		{1, 1},
		{concurrency, concurrency}, // all of them, when so configured
		{concurrency + 5, 2},       // more than there are: the default
	} {
		t.Run(fmt.Sprintf("PerEndpoint=%d", c.perEndpoint), func(t *testing.T) {
			app, _ := testapp.New(t, nil)
			hanging := newHangingReceiver(t)
			healthy := newReceiver(t, http.StatusNoContent)
			addEndpoint(t, app, hanging.URL, webhooks.EventMemberCreated)
			addEndpoint(t, app, healthy.URL, webhooks.EventPeriodPaid)
			queueFor(t, app, webhooks.EventMemberCreated, 6)
			queueFor(t, app, webhooks.EventPeriodPaid, 2)
			w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, Concurrency: concurrency,
				PerEndpoint: c.perEndpoint, Interval: time.Hour, WakeGap: time.Hour})
			w.Start()
			stopWorkerWithin(t, w, 10*time.Second)

			waitFor(t, 10*time.Second, fmt.Sprintf("%d posts held by the hanging endpoint", c.held), func() bool {
				holding, _ := hanging.counts()
				return holding == c.held
			})
			if c.held < concurrency {
				waitFor(t, 10*time.Second, "the healthy endpoint's deliveries posted while the other hangs",
					func() bool { return len(healthy.requests()) == 2 })
			} else {
				time.Sleep(200 * time.Millisecond) // room to go past its share
			}
			if _, most := hanging.counts(); most != c.held {
				t.Errorf("the hanging endpoint held %d posts at once, want %d", most, c.held)
			}
			hanging.release()
			waitFor(t, 10*time.Second, "every delivery posted once released", func() bool { return countDelivered(t, app) == 8 })
			if _, most := hanging.counts(); most != c.held {
				t.Errorf("the hanging endpoint held %d posts at once, want %d", most, c.held)
			}
		})
	}
}
