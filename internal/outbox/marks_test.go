package outbox_test

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"memberbase/internal/outbox"
)

// With sends finishing together and their results written in groups, every
// mail still goes out once and its row is marked sent once, with its own
// attempt count, lease cleared.
func TestGroupedMarksRecordEveryMailOnce(t *testing.T) {
	app, srv := newSMTPApp(t)
	const n = 60
	for i := 1; i <= n; i++ {
		enqueue(t, app, msg(i))
	}
	startWorker(t, app, outbox.Options{Concurrency: 8})
	if err := srv.WaitFor(n, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "every row marked sent", func() bool { return countStatus(t, app, outbox.StatusSent) == n })
	got := map[string]int{}
	for _, m := range srv.Messages() {
		got[m.To[0]]++
	}
	for i := 1; i <= n; i++ {
		if to := fmt.Sprintf("member%d@example.org", i); got[to] != 1 {
			t.Errorf("%s received %d times", to, got[to])
		}
		r := row(t, app, fmt.Sprintf("test:%d", i))
		if r.GetInt("attempts") != 1 || r.GetString("lease_until") != "" || r.GetDateTime("sent_at").IsZero() {
			t.Errorf("row %d attempts=%d lease=%q sent_at=%v", i, r.GetInt("attempts"), r.GetString("lease_until"), r.GetDateTime("sent_at"))
		}
	}
}

// A result that cannot be written (here a trigger refuses it, as a full disk
// or a crash before the commit would) rolls back its group but costs the
// group's other results nothing: they are written one by one. The mail
// whose result was lost stays `sending` under its lease and is sent again
// once the lease ends: at least once, never lost.
func TestFailedMarkLeavesTheMailRetryable(t *testing.T) {
	app, srv := newSMTPApp(t)
	if _, err := app.DB().NewQuery(`CREATE TRIGGER test_refuse_mark BEFORE UPDATE OF status ON email_outbox
		WHEN NEW.status = 'sent' AND OLD.recipient = 'member3@example.org'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`).Execute(); err != nil {
		t.Fatal(err)
	}
	const n = 10
	for i := 1; i <= n; i++ {
		enqueue(t, app, msg(i))
	}
	clock := newClock()
	logs := &logRecorder{}
	w := startWorker(t, app, outbox.Options{Concurrency: 8, Now: clock.Now, Lease: time.Minute, Logger: slog.New(logs)})
	if err := srv.WaitFor(n, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other rows marked sent", func() bool { return countStatus(t, app, outbox.StatusSent) == n-1 })
	eventually(t, "the failed mark logged", func() bool { errs, _ := logs.summary(); return len(errs) > 0 })
	if r := row(t, app, "test:3"); r.GetString("status") != outbox.StatusSending || r.GetInt("attempts") != 1 {
		t.Fatalf("row 3 status=%q attempts=%d, want still sending after one attempt", r.GetString("status"), r.GetInt("attempts"))
	}

	if _, err := app.DB().NewQuery(`DROP TRIGGER test_refuse_mark`).Execute(); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Minute)
	w.Wake()
	eventually(t, "row 3 sent again", func() bool { return row(t, app, "test:3").GetString("status") == outbox.StatusSent })
	if r := row(t, app, "test:3"); r.GetInt("attempts") != 2 {
		t.Errorf("row 3 attempts=%d, want 2", r.GetInt("attempts"))
	}
	if srv.Count() != n+1 {
		t.Errorf("%d mails received, want %d (row 3 twice)", srv.Count(), n+1)
	}
	for i := 1; i <= n; i++ {
		if i != 3 && row(t, app, fmt.Sprintf("test:%d", i)).GetInt("attempts") != 1 {
			t.Errorf("row %d attempted again", i)
		}
	}
}
