package outbox_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/outbox"
)

func parseDB(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := types.ParseDateTime(s)
	if err != nil || d.IsZero() {
		tb.Fatalf("time %q: %v", s, err)
	}
	return d.Time()
}

// A send timeout configured at or above the lease is cut below it: the
// attempt is over, and recorded, while the claim still holds, so no other
// claim can send the same mail while the first send is still running.
func TestSendEndsWhileItsLeaseHolds(t *testing.T) {
	const lease = 6 * time.Second
	for _, tc := range []struct {
		name    string
		timeout time.Duration
	}{{"timeout equal to the lease", lease}, {"timeout above the lease", 2 * lease}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, srv := newSMTPApp(t)
			srv.SetSilent(true)
			enqueue(t, app, msg(1))
			startWorker(t, app, outbox.Options{Lease: lease, SendTimeout: tc.timeout})
			var leaseUntil string
			eventually(t, "the claim", func() bool {
				r := row(t, app, "test:1")
				leaseUntil = r.GetString("lease_until")
				return r.GetString("status") == outbox.StatusSending && leaseUntil != ""
			})
			eventually(t, "the attempt recorded", func() bool {
				r := row(t, app, "test:1")
				return r.GetString("status") == outbox.StatusQueued && r.GetInt("attempts") == 1
			})
			recorded := parseDB(t, row(t, app, "test:1").GetString("updated"))
			if !recorded.Before(parseDB(t, leaseUntil)) {
				t.Fatalf("the attempt was recorded at %s, after its lease ended at %s", recorded, leaseUntil)
			}
		})
	}
}

// When a send outlives its lease and another worker claims the row, the
// first worker's late result is not written over the new claim; the
// operator sees a warning. A result recorded in time gives no warning.
func TestLateResultLeavesTheRowToTheNewClaim(t *testing.T) {
	app, srv := newSMTPApp(t)
	srv.SetDelay(3 * time.Second)
	clock := newClock()
	logs := &logRecorder{}
	enqueue(t, app, msg(1))
	startWorker(t, app, outbox.Options{Now: clock.Now, Logger: slog.New(logs)})
	eventually(t, "the send under way", func() bool { return row(t, app, "test:1").GetString("status") == outbox.StatusSending })
	clock.Advance(6 * time.Minute) // past the default 5 min lease
	if n, err := outbox.NewWorker(app, outbox.Options{Now: clock.Now}).ClaimOnly(1); err != nil || n != 1 {
		t.Fatalf("second claim: n=%d err=%v", n, err)
	}
	second := row(t, app, "test:1").GetString("lease_until")
	eventually(t, "the warning", func() bool { _, all := logs.summary(); return strings.Contains(all, "lease lost") })
	r := row(t, app, "test:1")
	if r.GetString("status") != outbox.StatusSending || r.GetString("lease_until") != second || r.GetInt("attempts") != 2 {
		t.Errorf("the late result overwrote the new claim: status=%s lease=%q attempts=%d",
			r.GetString("status"), r.GetString("lease_until"), r.GetInt("attempts"))
	}
	if errs, _ := logs.summary(); len(errs) > 0 {
		t.Errorf("errors logged: %v", errs)
	}

	// The same worker, in time: sent, and no warning.
	logs2 := &logRecorder{}
	enqueue(t, app, msg(3))
	srv.SetDelay(0)
	startWorker(t, app, outbox.Options{Logger: slog.New(logs2)})
	eventually(t, "sent", func() bool { return row(t, app, "test:3").GetString("status") == outbox.StatusSent })
	if _, all := logs2.summary(); strings.Contains(all, "lease lost") {
		t.Errorf("a result recorded in time warned:\n%s", all)
	}
}

// When the database refuses the result, the operator gets an error line and
// the row stays claimed, so it is tried again after its lease (at least
// once delivery) rather than silently lost.
func TestUnrecordableResultIsLoggedAsAnError(t *testing.T) {
	app, srv := newSMTPApp(t)
	if _, err := app.DB().NewQuery(`CREATE TRIGGER outbox_refuse_sent BEFORE UPDATE OF status ON email_outbox
		WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`).Execute(); err != nil {
		t.Fatal(err)
	}
	logs := &logRecorder{}
	enqueue(t, app, msg(1))
	startWorker(t, app, outbox.Options{Logger: slog.New(logs)})
	eventually(t, "the error line", func() bool { errs, _ := logs.summary(); return len(errs) > 0 })
	errs, _ := logs.summary()
	if len(errs) != 1 || !strings.Contains(errs[0], "could not record the send result") || !strings.Contains(errs[0], "disk I/O error") {
		t.Errorf("error lines %v", errs)
	}
	if srv.Count() != 1 || row(t, app, "test:1").GetString("status") != outbox.StatusSending {
		t.Errorf("deliveries %d, status %s", srv.Count(), row(t, app, "test:1").GetString("status"))
	}
}
