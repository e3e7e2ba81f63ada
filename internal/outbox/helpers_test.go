package outbox_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// fakeClock is the injectable clock of the worker tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Now().UTC()} }

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// newSMTPApp returns a test app whose mail really goes to an in-process SMTP
// server. A TestApp swaps every mailer for its TestMailer in an OnMailerSend
// handler at priority -99999; the handler bound here runs right after it and
// puts back the mailer production uses, built from the app's SMTP settings
// (which MEMBERBASE_SMTP_* set).
func newSMTPApp(tb testing.TB) (*tests.TestApp, *smtptest.Server) {
	tb.Helper()
	srv := smtptest.Start(tb)
	app, _ := testapp.New(tb, map[string]string{
		"SMTP_HOST": srv.Host, "SMTP_PORT": strconv.Itoa(srv.Port),
		"MAIL_FROM": "noreply@example.org", "ORG_NAME": "Example Union",
		"BASE_URL": "http://127.0.0.1:8090",
	})
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id:       "test.real-smtp",
		Priority: -99990,
		Func: func(e *core.MailerEvent) error {
			e.Mailer = outbox.NewSMTPMailer(e.App, e.Message)
			return e.Next()
		},
	})
	return app, srv
}

// startWorker starts a worker that only claims when woken (or at start).
func startWorker(tb testing.TB, app core.App, o outbox.Options) *outbox.Worker {
	tb.Helper()
	if o.Interval == 0 {
		o.Interval = time.Hour
	}
	w := outbox.NewWorker(app, o)
	w.Start()
	// Not tb.Context(): it is cancelled before cleanups run, and Stop would
	// return before the sends end, racing the app's own cleanup.
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := w.Stop(ctx); err != nil {
			tb.Errorf("stop the outbox worker: %v", err)
		}
	})
	return w
}

func msg(i int) outbox.Message {
	return outbox.Message{
		To:        fmt.Sprintf("member%d@example.org", i),
		Kind:      "test",
		Subject:   fmt.Sprintf("message %d", i),
		Text:      fmt.Sprintf("text body %d", i),
		HTML:      fmt.Sprintf("<p>html body %d</p>", i),
		DedupeKey: fmt.Sprintf("test:%d", i),
	}
}

func enqueue(tb testing.TB, app core.App, msgs ...outbox.Message) {
	tb.Helper()
	for _, m := range msgs {
		if err := outbox.Enqueue(app, m); err != nil {
			tb.Fatal(err)
		}
	}
}

// row reads one outbox row by dedupe key.
func row(tb testing.TB, app core.App, key string) *core.Record {
	tb.Helper()
	r, err := app.FindFirstRecordByData(outbox.Collection, "dedupe_key", key)
	if err != nil {
		tb.Fatalf("row %s: %v", key, err)
	}
	return r
}

// eventually polls cond for up to 10 s.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func countStatus(tb testing.TB, app core.App, status string) int {
	tb.Helper()
	n, err := app.CountRecords(outbox.Collection, dbx.HashExp{"status": status})
	if err != nil {
		tb.Fatal(err)
	}
	return int(n)
}

// logRecorder is a slog.Handler keeping every record as a line.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
	errs  []string
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *logRecorder) WithGroup(string) slog.Handler            { return h }

func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	line := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lines = append(h.lines, line)
	if r.Level >= slog.LevelError {
		h.errs = append(h.errs, line)
	}
	return nil
}

// summary returns the ERROR lines and all lines joined.
func (h *logRecorder) summary() ([]string, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.errs...), strings.Join(h.lines, "\n")
}
