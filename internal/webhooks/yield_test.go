package webhooks_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// While a write request is in flight the worker's claim waits (here with
// no practical bound) and posts once the request is done.
func TestClaimWaitsForWriteRequestsInFlight(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL+"/hook", webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	w := newWorker(app, newClock(), webhooks.Options{AllowPrivate: true, YieldMax: time.Hour})

	done := w.RequestStarted()
	drained := make(chan int, 1)
	go func() { drained <- drain(w) }()
	time.Sleep(300 * time.Millisecond)
	if n := len(rcv.requests()); n != 0 {
		t.Fatalf("posted %d deliveries while a write request was in flight", n)
	}
	done()
	if n := <-drained; n != 1 {
		t.Fatalf("posted %d deliveries, want 1", n)
	}
}

// Under write requests that never end the running worker still drains a
// backlog: each claim and result write waits YieldMax at most.
func TestYieldNeverStarvesTheWorker(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL+"/hook", webhooks.EventMemberCreated)
	for i := range 20 {
		testapp.SaveMember(t, app, map[string]any{"email": fmt.Sprintf("m%d@example.org", i)})
	}
	w := webhooks.NewWorker(app, webhooks.Options{AllowPrivate: true, YieldMax: 50 * time.Millisecond, Batch: 8})
	defer w.RequestStarted()() // in flight for the whole test
	w.Start()
	deadline := time.Now().Add(30 * time.Second)
	for len(rcv.requests()) < 20 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := w.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(rcv.requests()); n != 20 {
		t.Fatalf("posted %d of 20 deliveries under a constant write request", n)
	}
	for _, d := range deliveries(t, app) {
		if d.Status != webhooks.StatusDelivered {
			t.Fatalf("delivery %s is %s", d.ID, d.Status)
		}
	}
}

// CountWriteRequests counts a POST, PATCH, PUT or DELETE while it runs
// and lets reads through uncounted.
func TestCountWriteRequests(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w := webhooks.NewWorker(app, webhooks.Options{})
	var h hook.Hook[*core.RequestEvent]
	h.Bind(webhooks.CountWriteRequests(w))
	for method, want := range map[string]int64{
		http.MethodPost: 1, http.MethodPatch: 1, http.MethodPut: 1, http.MethodDelete: 1,
		http.MethodGet: 0, http.MethodHead: 0, http.MethodOptions: 0,
	} {
		e := &core.RequestEvent{App: app}
		e.Request = httptest.NewRequest(method, "/api/collections/members/records", nil)
		var during int64
		err := h.Trigger(e, func(*core.RequestEvent) error { during = w.WriteRequests(); return nil })
		if err != nil {
			t.Fatal(err)
		}
		if during != want || w.WriteRequests() != 0 {
			t.Errorf("%s: %d in flight during, %d after; want %d, 0", method, during, w.WriteRequests(), want)
		}
	}
}
