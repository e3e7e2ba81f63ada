package webhooks_test

import (
	"net/http"
	"strings"
	"testing"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestStatusCountsBacklogAndFailures feeds readiness and the superuser
// status answer.
func TestStatusCountsBacklogAndFailures(t *testing.T) {
	app, _ := testapp.New(t, nil)
	rcv := newReceiver(t, http.StatusOK)
	addEndpoint(t, app, rcv.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)
	testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org"})
	c := newClock()
	w := newWorker(app, c, webhooks.Options{AllowPrivate: true})
	st, err := w.Status()
	if err != nil || st.Backlog != 2 || st.Failed != 0 || st.OldestQueuedAge <= 0 {
		t.Fatalf("status %+v, %v", st, err)
	}
	drain(w)
	if st, _ = w.Status(); st.Backlog != 0 || st.OldestQueuedAge != 0 {
		t.Errorf("after the drain: %+v", st)
	}
	w2, err := webhooks.FromApp(app)
	if err != nil || w2 == nil {
		t.Errorf("no worker attached: %v", err)
	}
}
