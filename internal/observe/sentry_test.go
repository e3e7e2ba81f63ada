package observe_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
	"memberbase/internal/testapp"
)

// fakeSentry is a loopback HTTP server that records envelopes sent by the
// real sentry-go transport.
type fakeSentry struct {
	mu     sync.Mutex
	bodies []string
}

func (f *fakeSentry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err == nil {
			body = zr
		}
	}
	b, _ := io.ReadAll(body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	w.WriteHeader(200)
	_, _ = w.Write([]byte(`{"id":"0"}`))
}

// waitFor flushes mon and polls until the fake received want (sentry-go's
// default transport buffers events; under load Flush can return early).
func (f *fakeSentry) waitFor(mon *observe.Monitor, want string) string {
	deadline := time.Now().Add(15 * time.Second)
	for {
		mon.Flush(time.Second)
		if got := f.all(); strings.Contains(got, want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (f *fakeSentry) all() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.bodies, "\n")
}

func TestPanicReachesSentryScrubbed(t *testing.T) {
	fake := &fakeSentry{}
	sentrySrv := httptest.NewServer(fake)
	defer sentrySrv.Close()

	env := map[string]string{"SENTRY_DSN": strings.Replace(sentrySrv.URL, "http://", "http://publickey@", 1) + "/42", "LOG_FORMAT": "json"}
	app, _ := testapp.New(t, env)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/boom", func(e *core.RequestEvent) error {
			panic("boom while handling ann@example.org")
		})
		return se.Next()
	})
	srv := testapp.Serve(t, app)

	req, _ := http.NewRequest("GET", srv.URL+"/boom?token=tok-secret-1&email=bob@example.org&c=card-secret-4", bytes.NewBufferString(""))
	req.Header.Set("Cookie", "session=cookie-secret-2")
	req.Header.Set("Authorization", "auth-secret-3")
	res := fetch(t, req)
	if res.StatusCode != 500 {
		t.Fatalf("panic answered %d", res.StatusCode)
	}
	got := fake.waitFor(observe.MonitorFrom(app), "boom while handling")
	if !strings.Contains(got, "boom while handling") {
		t.Fatalf("no panic event reached the fake Sentry: %q", got)
	}
	if !strings.Contains(got, `"environment":"development"`) || !strings.Contains(got, `"release":"test"`) {
		t.Errorf("environment/release missing: %s", got)
	}
	if !strings.Contains(got, `"route":"GET /boom"`) {
		t.Errorf("route tag missing: %s", got)
	}
	if id := res.Header.Get("X-Request-ID"); id == "" || !strings.Contains(got, id) {
		t.Errorf("request id %s missing: %s", id, got)
	}
	for _, secret := range []string{"ann@example.org", "bob@example.org", "tok-secret-1", "cookie-secret-2", "auth-secret-3", "card-secret-4"} {
		if strings.Contains(got, secret) {
			t.Errorf("Sentry event contains %q", secret)
		}
	}
	if n := strings.Count(got, `"type":"event"`); n != 1 {
		t.Errorf("panic reported %d times, want once", n)
	}
}

func TestFailureReportedAndDisabledWithoutDSN(t *testing.T) {
	fake := &fakeSentry{}
	sentrySrv := httptest.NewServer(fake)
	defer sentrySrv.Close()
	cfg := testapp.Config(t, map[string]string{"SENTRY_DSN": strings.Replace(sentrySrv.URL, "http://", "http://k@", 1) + "/1"})
	mon, err := observe.NewMonitor(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	mon.CaptureFailure("mail permanently failed", map[string]string{"kind": "welcome"})
	if !strings.Contains(fake.waitFor(mon, "mail permanently failed"), "mail permanently failed") {
		t.Errorf("failure not reported: %q", fake.all())
	}

	off, err := observe.NewMonitor(testapp.Config(t, nil), nil)
	if err != nil || off.Enabled() {
		t.Fatalf("monitor without DSN enabled=%v err=%v", off.Enabled(), err)
	}
	off.CaptureFailure("nothing", nil) // must not panic or send
}
