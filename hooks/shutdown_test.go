package hooks_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/hooks"
	"memberbase/internal/observe"
	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// orderTransport records what reaches Sentry and when it is flushed.
type orderTransport struct {
	mu     sync.Mutex
	events []string
	log    []string
}

func (o *orderTransport) Configure(sentry.ClientOptions) {}
func (o *orderTransport) Close()                         {}
func (o *orderTransport) SendEvent(e *sentry.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.events = append(o.events, e.Message)
	o.log = append(o.log, "event")
}
func (o *orderTransport) Flush(time.Duration) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.log = append(o.log, "flush")
	return true
}
func (o *orderTransport) FlushWithContext(context.Context) bool { return o.Flush(0) }

// TestShutdownDrainsWorkersThenFlushesSentry stops a served app whose mail
// server never answers, with a mail in flight: the whole graceful stop stays
// under Docker's default 10 s, and a failure reported while the workers stop
// is flushed to Sentry after them, not lost behind an earlier flush.
func TestShutdownDrainsWorkersThenFlushesSentry(t *testing.T) {
	silent := smtptest.Start(t)
	silent.SetSilent(true)
	cfg := testapp.Config(t, map[string]string{"SENTRY_DSN": "http://key@127.0.0.1:9/1",
		"SMTP_HOST": "127.0.0.1", "SMTP_PORT": strconv.Itoa(silent.Port)})
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	cfg.ApplySettings(app.Settings())
	tr := &orderTransport{}
	mon, err := observe.NewMonitor(cfg, tr)
	if err != nil {
		t.Fatal(err)
	}
	observe.AttachMonitor(app, mon) // bindObserve keeps an enabled monitor
	logs := &testapp.LogBuffer{}
	observe.Attach(app, observe.NewLogger(cfg, logs))
	if err := hooks.Register(app, cfg); err != nil {
		t.Fatal(err)
	}
	testapp.DeliverSMTP(app)
	// Bound after Register, like any later worker: it reports while stopping.
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		observe.MonitorFrom(e.App).CaptureFailure("late failure while stopping", nil)
		return e.Next()
	})
	testapp.Serve(t, app)
	if err := outbox.Enqueue(app, outbox.Message{To: "ada@example.org", Kind: "member_id", Subject: "s",
		Text: "t", HTML: "<p>t</p>", DedupeKey: "shutdown-1"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for silent.Hanging() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if silent.Hanging() == 0 {
		t.Fatalf("the mail never reached the silent server: %s", logs)
	}

	start := time.Now()
	err = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return nil })
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if took > 9*time.Second {
		t.Errorf("graceful stop took %s; Docker kills at 10 s", took)
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if len(tr.log) < 2 || tr.log[len(tr.log)-1] != "flush" || tr.log[len(tr.log)-2] != "event" {
		t.Errorf("Sentry saw %v: the late failure must be flushed after the workers stop", tr.log)
	}
}
