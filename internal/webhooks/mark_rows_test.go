package webhooks_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestBatchedResultsSkipALostLease: one statement records a batch of
// results, each only while its delivery still holds the lease of its
// claim. A delivery whose lease another worker took in between keeps that
// worker's state; the others of the batch are recorded.
func TestBatchedResultsSkipALostLease(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL+"/hook", webhooks.EventMemberCreated)
	saveMembers(t, app, 3)
	c := newClock()
	var logs bytes.Buffer
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	var stolen string
	w.PostThenRecord(context.Background(), 10, func(ids []string) {
		if len(ids) != 3 {
			t.Fatalf("claimed %d deliveries, want 3", len(ids))
		}
		stolen = ids[1]
		setDelivery(t, app, stolen, dbx.Params{"lease_until": "2099-01-01 00:00:00.000Z", "attempts": 7})
	})
	if got := len(rcv.requests()); got != 3 {
		t.Fatalf("receiver got %d requests, want 3", got)
	}
	if w.MarkWrites() != 1 {
		t.Errorf("%d mark writes, want 1", w.MarkWrites())
	}
	// The operator is told which result was not recorded, and only that one.
	if warns := strings.Count(logs.String(), "lease lost before the result was recorded"); warns != 1 || !strings.Contains(logs.String(), "delivery="+stolen) {
		t.Errorf("%d lease-lost warnings, want one naming %s:\n%s", warns, stolen, logs.String())
	}
	for _, d := range deliveries(t, app) {
		switch {
		case d.ID == stolen:
			if d.Status != webhooks.StatusSending || d.Attempts != 7 || d.DeliveredAt != "" {
				t.Errorf("the delivery whose lease was taken was changed: %+v", d)
			}
		case d.Status != webhooks.StatusDelivered || d.Attempts != 1 || d.LastStatus != http.StatusNoContent || d.DeliveredAt == "":
			t.Errorf("delivery not recorded: %+v", d)
		}
	}
}

// TestBatchedResultsRecordEachOutcome: a batch mixing delivered posts, a
// failed one to be retried and one put back unposted (its endpoint began
// cooling down when the first failed) records each as before batching:
// the retry's status, error and next attempt; the unposted one's claim
// not counted and its next attempt at the cooldown's end.
func TestBatchedResultsRecordEachOutcome(t *testing.T) {
	app, _ := testapp.New(t, nil)
	ok := newReceiver(t, http.StatusNoContent)
	bad := newReceiver(t, http.StatusInternalServerError)
	addEndpoint(t, app, ok.URL+"/hook", webhooks.EventMemberCreated)
	addEndpoint(t, app, bad.URL+"/hook", webhooks.EventMemberCreated)
	saveMembers(t, app, 2)
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true, Concurrency: 1})
	w.PostThenRecord(context.Background(), 10, func([]string) {})
	var delivered, retried, putBack int
	for _, d := range deliveries(t, app) {
		switch {
		case d.Status == webhooks.StatusDelivered:
			delivered++
			if d.LastError != "" || d.LastStatus != http.StatusNoContent || d.Attempts != 1 {
				t.Errorf("delivered %+v", d)
			}
		case d.Status == webhooks.StatusQueued && d.Attempts == 1:
			retried++
			next, err := time.Parse("2006-01-02 15:04:05.000Z", d.NextAttempt)
			if err != nil || !next.After(c.Now()) || d.LastStatus != http.StatusInternalServerError || d.LastError == "" {
				t.Errorf("retried %+v (%v)", d, err)
			}
		case d.Status == webhooks.StatusQueued:
			putBack++
			next, err := time.Parse("2006-01-02 15:04:05.000Z", d.NextAttempt)
			if err != nil || !next.After(c.Now()) || d.Attempts != 0 || d.LastStatus != 0 || d.LastError != "" {
				t.Errorf("put back %+v (%v)", d, err)
			}
		default:
			t.Errorf("unexpected %+v", d)
		}
	}
	if delivered != 2 || retried != 1 || putBack != 1 || len(bad.requests()) != 1 {
		t.Fatalf("%d delivered, %d retried, %d put back; the failing endpoint got %d posts",
			delivered, retried, putBack, len(bad.requests()))
	}
}

// TestCrashAfterPostResendsOncePerLease: a worker that posted and crashed
// before recording leaves its deliveries leased; no other worker posts
// them while the lease holds, and once it has run out one more post goes
// out, with the same webhook-id, and is recorded.
func TestCrashAfterPostResendsOncePerLease(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL+"/hook", webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	c := newClock()
	crashed := newWorker(app, c, webhooks.Options{AllowPrivate: true})
	if n := crashed.PostUnrecorded(context.Background(), 10); n != 1 {
		t.Fatalf("posted %d, want 1", n)
	}
	next := newWorker(app, c, webhooks.Options{AllowPrivate: true})
	c.Add(next.Lease() - time.Second)
	if n := drain(next); n != 0 {
		t.Fatalf("posted %d while the lease held", n)
	}
	c.Add(2 * time.Second)
	if n := drain(next); n != 1 {
		t.Fatalf("posted %d after the lease ran out, want 1", n)
	}
	if n := drain(next); n != 0 {
		t.Fatalf("posted %d more once recorded", n)
	}
	got := rcv.requests()
	d := deliveries(t, app)[0]
	if len(got) != 2 || got[0].Header.Get("webhook-id") != d.MsgID || got[1].Header.Get("webhook-id") != d.MsgID {
		t.Fatalf("receiver got %d posts; webhook-id must stay %s", len(got), d.MsgID)
	}
	if d.Status != webhooks.StatusDelivered || d.Attempts != 2 {
		t.Errorf("delivery %+v", d)
	}
}

// TestClaimTakesExpiredLeasesFirstThenEarliestDue: a claim takes a crashed
// worker's deliveries (lease run out) before queued ones, then the queued
// ones earliest first, and never one not yet due or still leased.
func TestClaimTakesExpiredLeasesFirstThenEarliestDue(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL+"/hook", webhooks.EventMemberCreated)
	saveMembers(t, app, 5)
	c := newClock()
	at := func(d time.Duration) string { return c.Now().Add(d).UTC().Format("2006-01-02 15:04:05.000Z") }
	ds := deliveries(t, app)
	setDelivery(t, app, ds[0].ID, dbx.Params{"next_attempt_at": at(-time.Hour)})
	setDelivery(t, app, ds[1].ID, dbx.Params{"next_attempt_at": at(-2 * time.Hour)})
	setDelivery(t, app, ds[2].ID, dbx.Params{"status": webhooks.StatusSending, "lease_until": at(-time.Minute), "next_attempt_at": at(0)})
	setDelivery(t, app, ds[3].ID, dbx.Params{"status": webhooks.StatusSending, "lease_until": at(time.Minute), "next_attempt_at": at(-3 * time.Hour)})
	setDelivery(t, app, ds[4].ID, dbx.Params{"next_attempt_at": at(time.Hour)})
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})
	var order []string
	for {
		ids := w.ClaimIDs(context.Background(), 1)
		if len(ids) == 0 {
			break
		}
		order = append(order, ids...)
	}
	want := []string{ds[2].ID, ds[1].ID, ds[0].ID}
	if len(order) != len(want) || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] {
		t.Fatalf("claimed %v, want %v", order, want)
	}
}

// saveMembers saves n members (one member.created delivery each).
func saveMembers(t *testing.T, app core.App, n int) {
	t.Helper()
	for i := range n {
		testapp.SaveMember(t, app, map[string]any{"email": fmt.Sprintf("m%d@example.org", i)})
	}
}
