package webhooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestACommitWakesTheAppsWorker: an event committed through the app is
// posted by the app's own worker at once, woken by the commit, not at
// its next poll (30 s away); no test code wakes it.
func TestACommitWakesTheAppsWorker(t *testing.T) {
	app, _ := testapp.New(t, map[string]string{"WEBHOOK_ALLOW_PRIVATE": "true"})
	rcv := newReceiver(t, http.StatusNoContent)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	testapp.Serve(t, app)              // starts the app's workers
	time.Sleep(200 * time.Millisecond) // past the start-up claim
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := webhooks.Queue(tx, webhooks.EventMemberCreated, map[string]any{"id": "m1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the committed event posted", func() bool { return len(rcv.requests()) == 1 })
}
