package webhooks_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestDeliveryIsSignedAndMarkedDelivered: a created member reaches a real
// receiver once, with the Standard Webhooks headers, a signature an
// independent verifier accepts and the {type, timestamp, data} body.
func TestDeliveryIsSignedAndMarkedDelivered(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	h := addEndpoint(t, app, rcv.URL+"/hook?token=abc", webhooks.EventMemberCreated)
	m := testapp.SaveMember(t, app, nil)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})

	if n := drain(w); n != 1 {
		t.Fatalf("posted %d deliveries, want 1", n)
	}
	got := rcv.requests()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests", len(got))
	}
	verify(t, h.GetString("secret"), got[0], c.Now())
	if ct := got[0].Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var body struct {
		Type      string         `json:"type"`
		Timestamp string         `json:"timestamp"`
		Data      map[string]any `json:"data"`
	}
	if err := json.Unmarshal(got[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Type != webhooks.EventMemberCreated || body.Data["id"] != m.Id || body.Data["member_id"] != m.GetString("member_id") {
		t.Errorf("body %s", got[0].Body)
	}
	if _, err := time.Parse(time.RFC3339Nano, body.Timestamp); err != nil {
		t.Errorf("timestamp %q: %v", body.Timestamp, err)
	}
	d := deliveries(t, app)[0]
	if d.Status != webhooks.StatusDelivered || d.Attempts != 1 || d.LastStatus != http.StatusNoContent || d.DeliveredAt == "" || d.LastError != "" {
		t.Errorf("delivery %+v", d)
	}
	if got[0].Header.Get("webhook-id") != d.MsgID {
		t.Errorf("webhook-id %q, msg_id %q", got[0].Header.Get("webhook-id"), d.MsgID)
	}
}

// TestRetriesFollowTheScheduleThenFail: a receiver answering 500 gets the
// same message (same webhook-id, same body) at +5 s, 5 min, 30 min, 2 h,
// 5 h, 10 h and 10 h, then the delivery is failed; nothing is posted early.
func TestRetriesFollowTheScheduleThenFail(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusInternalServerError)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})

	waits := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	drain(w)
	for i, wait := range waits {
		d := deliveries(t, app)[0]
		if d.Status != webhooks.StatusQueued || d.Attempts != i+1 || d.LastStatus != 500 {
			t.Fatalf("after attempt %d: %+v", i+1, d)
		}
		next, _ := types.ParseDateTime(d.NextAttempt)
		if !next.Time().Equal(c.Now().Add(wait)) {
			t.Fatalf("after attempt %d: next at %s, want +%s", i+1, next, wait)
		}
		c.Add(wait - time.Second)
		if n := drain(w); n != 0 {
			t.Fatalf("attempt %d posted a second early", i+2)
		}
		c.Add(time.Second)
		if n := drain(w); n != 1 {
			t.Fatalf("attempt %d: posted %d", i+2, n)
		}
	}
	d := deliveries(t, app)[0]
	if d.Status != webhooks.StatusFailed || d.Attempts != webhooks.MaxAttempts {
		t.Errorf("after the last attempt: %+v", d)
	}
	got := rcv.requests()
	if len(got) != webhooks.MaxAttempts {
		t.Fatalf("receiver got %d requests", len(got))
	}
	for _, r := range got {
		if r.Header.Get("webhook-id") != got[0].Header.Get("webhook-id") || string(r.Body) != string(got[0].Body) {
			t.Error("a retry changed the message id or the body")
		}
	}
}

// TestBackoffJitterStaysNearTheSchedule: the jitter band is ±10%.
func TestBackoffJitterStaysNearTheSchedule(t *testing.T) {
	for attempt := 1; attempt < webhooks.MaxAttempts; attempt++ {
		lo, _ := webhooks.Backoff(attempt, 0)
		hi, _ := webhooks.Backoff(attempt, 0.999)
		mid, _ := webhooks.Backoff(attempt, 0.5)
		if float64(lo) < 0.89*float64(mid) || float64(hi) > 1.11*float64(mid) {
			t.Errorf("attempt %d: %s..%s around %s", attempt, lo, hi, mid)
		}
	}
	if _, ok := webhooks.Backoff(webhooks.MaxAttempts, 0.5); ok {
		t.Error("a retry after the last attempt")
	}
}
