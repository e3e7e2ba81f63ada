package webhooks_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestRecoveryLogsNoError: an endpoint that gets a delivery through after
// failing has its failure run cleared without an error in the log, so an
// operator is not alerted about a recovery.
func TestRecoveryLogsNoError(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusInternalServerError)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	var logs bytes.Buffer
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))})
	drain(w)
	rcv.mu.Lock()
	rcv.status = http.StatusOK
	rcv.mu.Unlock()
	c.Add(time.Minute)
	logs.Reset()
	drain(w)
	if d := deliveries(t, app)[0]; d.Status != webhooks.StatusDelivered {
		t.Fatalf("delivery %+v, want delivered", d)
	}
	if s := strings.TrimSpace(logs.String()); s != "" {
		t.Errorf("errors logged on recovery:\n%s", s)
	}
}
