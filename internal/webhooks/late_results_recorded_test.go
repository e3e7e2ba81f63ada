package webhooks_test

import (
	"context"
	"net/http"
	"testing"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestResultsOfPostsThatOutliveShutdownAreRecorded: a post still running
// when a shutdown's deadline ran out finishes after the result marker
// stopped; its result is written then, not left in a queue nobody reads
// (the delivery would stay "sending" and be posted again when its lease
// ends).
func TestResultsOfPostsThatOutliveShutdownAreRecorded(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	saveMembers(t, app, 40)
	w := newWorker(app, newClock(), webhooks.Options{AllowPrivate: true})
	if n := w.PostAfterMarkerStopped(context.Background(), 40); n != 40 {
		t.Fatalf("%d posts, want 40", n)
	}
	for _, d := range deliveries(t, app) {
		if d.Status != webhooks.StatusDelivered {
			t.Errorf("delivery %s is %q after its post succeeded, want %q", d.ID, d.Status, webhooks.StatusDelivered)
		}
	}
}
