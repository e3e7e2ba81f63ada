package webhooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"memberbase/internal/testapp"
	"memberbase/internal/webhooks"
)

// TestRedirectIsNotFollowed: a 302 is a failure (retried later), and its
// target never sees the payload.
func TestRedirectIsNotFollowed(t *testing.T) {
	app, _ := testapp.New(t, nil)
	target := newReceiver(t, http.StatusOK)
	redirector := httptest.NewServer(http.RedirectHandler(target.URL+"/elsewhere", http.StatusFound))
	t.Cleanup(redirector.Close)
	addEndpoint(t, app, redirector.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)

	drain(newWorker(app, newClock(), webhooks.Options{AllowPrivate: true}))
	d := deliveries(t, app)[0]
	if d.Status != webhooks.StatusQueued || d.LastStatus != http.StatusFound || !strings.Contains(d.LastError, "302") {
		t.Errorf("delivery %+v", d)
	}
	if n := len(target.requests()); n != 0 {
		t.Errorf("the redirect was followed: target got %d requests", n)
	}
}

// TestTimeoutIsAFailureAndRetried: a receiver that never answers costs
// one attempt, recorded as a timeout, then the retry waits its turn.
func TestTimeoutIsAFailureAndRetried(t *testing.T) {
	app, _ := testapp.New(t, nil)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(release) })
	addEndpoint(t, app, slow.URL, webhooks.EventMemberCreated)
	testapp.SaveMember(t, app, nil)

	c := newClock()
	drain(newWorker(app, c, webhooks.Options{AllowPrivate: true, Timeout: 200 * time.Millisecond}))
	d := deliveries(t, app)[0]
	if d.Status != webhooks.StatusQueued || d.Attempts != 1 || d.LastStatus != 0 || !strings.Contains(d.LastError, "Timeout") {
		t.Errorf("delivery %+v", d)
	}
	if strings.Contains(d.LastError, slow.URL) {
		t.Errorf("last_error names the URL: %s", d.LastError)
	}
}

// TestDefaultTimeoutIsTenSecondsWithoutProxy pins SPEC §17's timeout and
// that HTTPS_PROXY is ignored.
func TestDefaultTimeoutIsTenSecondsWithoutProxy(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w := webhooks.NewWorker(app, webhooks.Options{})
	if got := w.Timeout(); got != 10*time.Second {
		t.Errorf("timeout %s", got)
	}
	if !w.ProxyIsNil() {
		t.Error("the transport uses a proxy")
	}
}
