package outbox_test

import (
	"bytes"
	"context"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"memberbase/internal/outbox"
)

// A server that answers the message 2 s after the worker's 1 s deadline sees
// the client gone and drops it; the retry delivers it once.
func TestTimedOutSendIsRetriedAndDeliveredOnce(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetDelay(2 * time.Second)
	clock := newClock()
	enqueue(t, app, msg(1))
	w := startWorker(t, app, outbox.Options{Now: clock.Now, SendTimeout: time.Second})
	eventually(t, "first attempt recorded", func() bool {
		r := row(t, app, "test:1")
		return r.GetInt("attempts") == 1 && r.GetString("status") == outbox.StatusQueued
	})
	if le := row(t, app, "test:1").GetString("last_error"); !strings.Contains(le, "timed out") {
		t.Errorf("last_error %q", le)
	}
	eventually(t, "the server's late answer", func() bool { return srv.Dropped() == 1 })
	if srv.Count() != 0 {
		t.Fatalf("the server accepted the timed-out mail (%d)", srv.Count())
	}
	srv.SetDelay(0)
	clock.Set(row(t, app, "test:1").GetDateTime("next_attempt_at").Time())
	w.Wake()
	eventually(t, "sent on retry", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSent })
	time.Sleep(100 * time.Millisecond)
	if srv.Count() != 1 || row(t, app, "test:1").GetInt("attempts") != 2 {
		t.Fatalf("deliveries %d, attempts %d", srv.Count(), row(t, app, "test:1").GetInt("attempts"))
	}
}

// On the last attempt, a timed-out send is reported failed, and it did fail:
// the server never accepted it.
func TestTimedOutLastAttemptIsFailedAndNotDelivered(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetDelay(2 * time.Second)
	enqueue(t, app, msg(1))
	startWorker(t, app, outbox.Options{SendTimeout: time.Second, MaxAttempts: 1})
	eventually(t, "failed", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusFailed })
	eventually(t, "the server's late answer", func() bool { return srv.Dropped() == 1 })
	if srv.Count() != 0 {
		t.Fatalf("a mail reported failed was delivered (%d)", srv.Count())
	}
}

func TestSendToAHungServerLeavesNoGoroutineBehind(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetSilent(true)
	enqueue(t, app, msg(1))
	before := runtime.NumGoroutine()
	w := outbox.NewWorker(app, outbox.Options{SendTimeout: 500 * time.Millisecond, Interval: time.Hour})
	w.Start()
	eventually(t, "attempt recorded", func() bool {
		r := row(t, app, "test:1")
		return r.GetInt("attempts") == 1 && r.GetString("status") == outbox.StatusQueued
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			var b bytes.Buffer
			_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
			t.Fatalf("%d goroutines, %d before the send:\n%s", runtime.NumGoroutine(), before, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	eventually(t, "the connection closed", func() bool { return srv.Hanging() == 0 })
}

func TestShutdownOutOfTimeClosesAHangingSend(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetSilent(true)
	enqueue(t, app, msg(1))
	w := outbox.NewWorker(app, outbox.Options{SendTimeout: time.Minute, Interval: time.Hour})
	w.Start()
	eventually(t, "the send under way", func() bool { return srv.Hanging() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := w.Stop(ctx); err == nil {
		t.Fatal("Stop returned before the hanging send ended")
	}
	eventually(t, "the worker stopped", func() bool { return !w.Running() })
	eventually(t, "the connection closed", func() bool { return srv.Hanging() == 0 })
	r := row(t, app, "test:1")
	if r.GetString("status") != outbox.StatusQueued || !strings.Contains(r.GetString("last_error"), "cancelled") {
		t.Fatalf("status=%s last_error=%q", r.GetString("status"), r.GetString("last_error"))
	}
}
