package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestCooldownDoublesUpToAMinute: a dead endpoint with a backlog gets one
// post per cooldown, and the cooldown doubles from 1 s with each failure
// up to one minute, where it stays: the endpoint is tried again at least
// once a minute, and never before its cooldown ends.
func TestCooldownDoublesUpToAMinute(t *testing.T) {
	app, _ := testapp.New(t, nil)
	dead := newReceiver(t, http.StatusServiceUnavailable)
	addEndpoint(t, app, dead.URL, webhooks.EventMemberUpdated)
	queueFor(t, app, webhooks.EventMemberUpdated, 12)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})

	if n := drain(w); n != 1 {
		t.Fatalf("first round: %d posts, want 1", n)
	}
	for i, cooldown := range []time.Duration{1, 2, 4, 8, 16, 32, 60, 60} {
		cooldown *= time.Second
		c.Add(cooldown - time.Second)
		if n := drain(w); n != 0 {
			t.Fatalf("after failure %d: %d posts one second before the end of a %s cooldown", i+1, n, cooldown)
		}
		c.Add(time.Second)
		if n := drain(w); n != 1 {
			t.Fatalf("after failure %d: %d posts at the end of a %s cooldown, want 1", i+1, n, cooldown)
		}
	}
	if n := len(dead.requests()); n != 9 {
		t.Errorf("the endpoint got %d posts, want 9", n)
	}
}
