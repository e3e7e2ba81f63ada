package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"memberbase/internal/outbox"
)

func TestDeliveredMessageHasRecipientSubjectAndParts(t *testing.T) {
	app, srv := newSMTPApp(t)
	enqueue(t, app, msg(1))
	startWorker(t, app, outbox.Options{})
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages()[0]
	if len(m.To) != 1 || m.To[0] != "member1@example.org" || m.From != "noreply@example.org" {
		t.Errorf("envelope from=%q to=%q", m.From, m.To)
	}
	if m.Subject != "message 1" || !strings.Contains(m.Text, "text body 1") || !strings.Contains(m.HTML, "<p>html body 1</p>") {
		t.Errorf("content subject=%q text=%q html=%q", m.Subject, m.Text, m.HTML)
	}
	if got := m.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted %q", got)
	}
	eventually(t, "row marked sent", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSent })
	r := row(t, app, "test:1")
	if r.GetInt("attempts") != 1 || r.GetDateTime("sent_at").IsZero() || r.GetString("lease_until") != "" {
		t.Errorf("sent row attempts=%d sent_at=%v lease=%q", r.GetInt("attempts"), r.GetDateTime("sent_at"), r.GetString("lease_until"))
	}
}

// retryDelays wakes the worker at each retry time until the row reaches the
// wanted attempt count, returning the delays the worker chose.
func retryDelays(t *testing.T, app core.App, w *outbox.Worker, clock *fakeClock, key string, attempts int) []time.Duration {
	t.Helper()
	var delays []time.Duration
	for a := 1; a <= attempts; a++ {
		w.Wake()
		eventually(t, fmt.Sprintf("attempt %d recorded", a), func() bool {
			r := row(t, app, key)
			return r.GetInt("attempts") == a && r.GetString("status") != outbox.StatusSending
		})
		r := row(t, app, key)
		if r.GetString("status") != outbox.StatusQueued {
			break
		}
		next := r.GetDateTime("next_attempt_at").Time()
		delays = append(delays, next.Sub(clock.Now()))
		clock.Set(next)
	}
	return delays
}

func TestSMTPDownRetriesWithGrowingDelaysThenDelivers(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.Stop()
	clock := newClock()
	w := startWorker(t, app, outbox.Options{Now: clock.Now})
	enqueue(t, app, msg(1))
	delays := retryDelays(t, app, w, clock, "test:1", 4)
	if len(delays) != 4 {
		t.Fatalf("delays %v", delays)
	}
	if delays[0] < 45*time.Second || delays[0] > 75*time.Second {
		t.Errorf("first retry after %s, want about a minute", delays[0])
	}
	for i := 1; i < len(delays); i++ {
		if delays[i] <= delays[i-1] {
			t.Errorf("delays do not grow: %v", delays)
		}
	}
	if r := row(t, app, "test:1"); r.GetString("last_error") == "" {
		t.Error("last_error empty after failed attempts")
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	w.Wake()
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "sent", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSent })
	if r := row(t, app, "test:1"); r.GetInt("attempts") != 5 || r.GetString("last_error") != "" {
		t.Errorf("attempts=%d last_error=%q", r.GetInt("attempts"), r.GetString("last_error"))
	}
}

func TestPermanentFailureMarksFailedAfterLastAttempt(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetReject(550)
	clock := newClock()
	logs := &logRecorder{}
	w := startWorker(t, app, outbox.Options{Now: clock.Now, Logger: slog.New(logs)})
	m := msg(1)
	m.Sensitive = true
	enqueue(t, app, m)
	delays := retryDelays(t, app, w, clock, "test:1", outbox.DefaultMaxAttempts)
	if len(delays) != outbox.DefaultMaxAttempts-1 {
		t.Fatalf("%d retries, want %d: %v", len(delays), outbox.DefaultMaxAttempts-1, delays)
	}
	if last := delays[len(delays)-1]; last < 4*time.Hour || last > 8*time.Hour {
		t.Errorf("last retry after %s, want about 6 h", last)
	}
	r := row(t, app, "test:1")
	if r.GetString("status") != outbox.StatusFailed || r.GetInt("attempts") != outbox.DefaultMaxAttempts {
		t.Fatalf("status=%s attempts=%d", r.GetString("status"), r.GetInt("attempts"))
	}
	le := r.GetString("last_error")
	if !strings.Contains(le, "550") || strings.Contains(le, "@") {
		t.Errorf("last_error %q: want the SMTP reply without addresses", le)
	}
	if r.GetString("text_body") != "" || r.GetString("html_body") != "" {
		t.Error("sensitive bodies kept after the final failure")
	}
	errs, all := logs.summary()
	if len(errs) != 1 || !strings.Contains(errs[0], "failed for good") || !strings.Contains(errs[0], r.Id) {
		t.Errorf("ERROR log lines %q, want one naming the row", errs)
	}
	if strings.Contains(all, "@") {
		t.Errorf("an address reached the logs:\n%s", all)
	}
	// Failed for good: no further attempt, even when woken much later.
	clock.Advance(48 * time.Hour)
	w.Wake()
	time.Sleep(100 * time.Millisecond)
	if r := row(t, app, "test:1"); r.GetInt("attempts") != outbox.DefaultMaxAttempts {
		t.Errorf("failed row retried: attempts=%d", r.GetInt("attempts"))
	}
}

func TestCrashedWorkerRowsAreDeliveredAfterTheLease(t *testing.T) {
	app, srv := newSMTPApp(t)
	clock := newClock()
	enqueue(t, app, msg(1), msg(2))
	// Worker A claims both rows and dies before recording anything; one mail
	// had already been accepted by the SMTP server when it died.
	dead := outbox.NewWorker(app, outbox.Options{Now: clock.Now, Lease: 5 * time.Minute})
	if n, err := dead.ClaimOnly(10); err != nil || n != 2 {
		t.Fatalf("claim: n=%d err=%v", n, err)
	}
	if err := app.NewMailClient().Send(mailOf(msg(1))); err != nil {
		t.Fatal(err)
	}
	w := startWorker(t, app, outbox.Options{Now: clock.Now, Lease: 5 * time.Minute})
	clock.Advance(4 * time.Minute)
	w.Wake()
	time.Sleep(200 * time.Millisecond)
	if srv.Count() != 1 || countStatus(t, app, outbox.StatusSending) != 2 {
		t.Fatalf("rows under a live lease were touched: smtp=%d sending=%d", srv.Count(), countStatus(t, app, outbox.StatusSending))
	}
	clock.Advance(2 * time.Minute) // the lease has ended
	w.Wake()
	eventually(t, "both rows sent", func() bool { return countStatus(t, app, outbox.StatusSent) == 2 })
	// At least once: message 1 twice (accepted before the crash and again),
	// message 2 once.
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.Subject]++
	}
	if seen["message 1"] != 2 || seen["message 2"] != 1 {
		t.Errorf("deliveries %v", seen)
	}
	if r := row(t, app, "test:2"); r.GetInt("attempts") != 2 {
		t.Errorf("attempts %d, want 2 (the crashed one counts)", r.GetInt("attempts"))
	}
}

func TestTwoWorkersNeverSendTheSameRow(t *testing.T) {
	app, srv := newSMTPApp(t)
	const n = 60
	for i := range n {
		enqueue(t, app, msg(i))
	}
	startWorker(t, app, outbox.Options{Concurrency: 4})
	startWorker(t, app, outbox.Options{Concurrency: 4})
	if err := srv.WaitFor(n, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "all sent", func() bool { return countStatus(t, app, outbox.StatusSent) == n })
	time.Sleep(100 * time.Millisecond)
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.Subject]++
	}
	if len(seen) != n || srv.Count() != n {
		t.Fatalf("%d deliveries of %d distinct messages, want %d of %d", srv.Count(), len(seen), n, n)
	}
}

func TestRolledBackEnqueueIsNeverSent(t *testing.T) {
	app, srv := newSMTPApp(t)
	w := startWorker(t, app, outbox.Options{})
	errRollback := errors.New("rollback")
	err := app.RunInTransaction(func(tx core.App) error {
		enqueue(t, tx, msg(1))
		w.Wake() // even a wake-up inside the transaction must not see it
		time.Sleep(50 * time.Millisecond)
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	if err := app.RunInTransaction(func(tx core.App) error { return outbox.Enqueue(tx, msg(2)) }); err != nil {
		t.Fatal(err)
	}
	w.Wake()
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if srv.Count() != 1 || srv.Messages()[0].Subject != "message 2" {
		t.Fatalf("delivered %d messages", srv.Count())
	}
	if _, err := app.FindFirstRecordByData(outbox.Collection, "dedupe_key", "test:1"); err == nil {
		t.Fatal("rolled-back row exists")
	}
}

func TestSameDedupeKeyTwiceQueuesOneMail(t *testing.T) {
	app, srv := newSMTPApp(t)
	enqueue(t, app, msg(1))
	again := msg(1)
	again.Subject = "a different rendering"
	if err := app.RunInTransaction(func(tx core.App) error { return outbox.Enqueue(tx, again) }); err != nil {
		t.Fatalf("second enqueue: %v", err)
	}
	if n, _ := app.CountRecords(outbox.Collection); n != 1 {
		t.Fatalf("%d rows", n)
	}
	startWorker(t, app, outbox.Options{})
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "sent", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSent })
	enqueue(t, app, msg(1)) // after sending, too
	time.Sleep(100 * time.Millisecond)
	if srv.Count() != 1 {
		t.Fatalf("%d mails", srv.Count())
	}
}

func TestShutdownWhileSendingLosesNothing(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetDelay(300 * time.Millisecond)
	const n = 12
	for i := range n {
		enqueue(t, app, msg(i))
	}
	w := outbox.NewWorker(app, outbox.Options{Concurrency: 4, Interval: time.Hour})
	w.Start()
	eventually(t, "sends in flight", func() bool { return countStatus(t, app, outbox.StatusSending) > 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	sent, queued := countStatus(t, app, outbox.StatusSent), countStatus(t, app, outbox.StatusQueued)
	if countStatus(t, app, outbox.StatusSending) != 0 || sent+queued != n || sent != srv.Count() || sent == 0 || sent == n {
		t.Fatalf("after stop: sent=%d queued=%d smtp=%d", sent, queued, srv.Count())
	}
	srv.SetDelay(0)
	startWorker(t, app, outbox.Options{})
	eventually(t, "rest sent by the next run", func() bool { return countStatus(t, app, outbox.StatusSent) == n })
	if srv.Count() != n {
		t.Fatalf("%d deliveries for %d messages", srv.Count(), n)
	}
}

func TestSensitiveBodiesAreEmptyAfterSending(t *testing.T) {
	app, srv := newSMTPApp(t)
	secret, plain := msg(1), msg(2)
	secret.Sensitive = true
	enqueue(t, app, secret, plain)
	startWorker(t, app, outbox.Options{})
	if err := srv.WaitFor(2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "sent", func() bool { return countStatus(t, app, outbox.StatusSent) == 2 })
	if r := row(t, app, "test:1"); r.GetString("text_body") != "" || r.GetString("html_body") != "" || r.GetString("recipient") == "" {
		t.Errorf("sensitive row after sending: text=%q html=%q", r.GetString("text_body"), r.GetString("html_body"))
	}
	if r := row(t, app, "test:2"); r.GetString("text_body") == "" {
		t.Error("a non-sensitive body was cleared")
	}
	for _, m := range srv.Messages() {
		if m.Text == "" || m.HTML == "" {
			t.Error("a delivered mail lost its body")
		}
	}
}

func TestCancelledMailIsNotSent(t *testing.T) {
	app, srv := newSMTPApp(t)
	enqueue(t, app, msg(1), msg(2))
	r := row(t, app, "test:1")
	r.Set("status", outbox.StatusCancelled)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	startWorker(t, app, outbox.Options{})
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if srv.Count() != 1 || srv.Messages()[0].Subject != "message 2" {
		t.Fatalf("delivered %d", srv.Count())
	}
}

func TestStatusReportsBacklogAndAge(t *testing.T) {
	app, _ := newSMTPApp(t)
	clock := newClock()
	w := outbox.NewWorker(app, outbox.Options{Now: clock.Now})
	enqueue(t, app, msg(1), msg(2))
	clock.Advance(90 * time.Second)
	st, err := w.Status()
	if err != nil {
		t.Fatal(err)
	}
	if st.Running || st.Backlog != 2 || st.OldestQueuedAge < 80*time.Second || st.OldestQueuedAge > 5*time.Minute {
		t.Fatalf("status %+v", st)
	}
	w.Start()
	defer w.Stop(context.Background())
	eventually(t, "drained", func() bool {
		st, _ := w.Status()
		return st.Running && st.Backlog == 0 && st.OldestQueuedAge == 0
	})
}

// mailOf builds the mailer message the worker would send for m.
func mailOf(m outbox.Message) *mailer.Message {
	return &mailer.Message{
		From:    mail.Address{Address: "noreply@example.org"},
		To:      []mail.Address{{Address: m.To}},
		Subject: m.Subject, Text: m.Text, HTML: m.HTML,
	}
}
