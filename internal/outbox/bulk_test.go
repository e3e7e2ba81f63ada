package outbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
)

// runWorker is startWorker whose cleanup waits for the loop to end: the
// test context is already cancelled when cleanups run, so startWorker's
// Stop may return while a last claim still reads the database that the
// app's cleanup closes.
func runWorker(t *testing.T, app core.App, o outbox.Options) *outbox.Worker {
	t.Helper()
	o.Interval = time.Hour
	w := outbox.NewWorker(app, o)
	w.Start()
	t.Cleanup(func() { _ = w.Stop(context.Background()) })
	return w
}

func bulkMsg(i int) outbox.Message {
	m := msg(100000 + i)
	m.Kind, m.Bulk, m.Group = "announcement", true, "ann1"
	m.DedupeKey = fmt.Sprintf("bulk:%d", i)
	return m
}

// enqueueBulk queues n bulk rows: the first through Enqueue, the others
// as copies of it made by SQLite in one statement (only the id, the
// recipient and the dedupe key differ), so 10,000 rows take milliseconds
// even under -race.
func enqueueBulk(tb testing.TB, app core.App, n int) {
	tb.Helper()
	if err := outbox.Enqueue(app, bulkMsg(0)); err != nil {
		tb.Fatal(err)
	}
	if n == 1 {
		return
	}
	var cols []struct {
		Name string `db:"name"`
	}
	if err := app.DB().NewQuery("SELECT name FROM pragma_table_info('email_outbox')").All(&cols); err != nil {
		tb.Fatal(err)
	}
	names, values := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		names[i] = `"` + c.Name + `"`
		switch c.Name {
		case "id":
			values[i] = "substr(lower(hex(randomblob(8))), 1, 15)"
		case "recipient":
			values[i] = "'member' || (100000 + n.i) || '@example.org'"
		case "dedupe_key":
			values[i] = "'bulk:' || n.i"
		default:
			values[i] = `t."` + c.Name + `"`
		}
	}
	_, err := app.DB().NewQuery(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {:last})
		INSERT INTO email_outbox (` + strings.Join(names, ", ") + `)
		SELECT ` + strings.Join(values, ", ") + ` FROM email_outbox t, n WHERE t.dedupe_key = 'bulk:0'`).
		Bind(map[string]any{"last": n - 1}).Execute()
	if err != nil {
		tb.Fatal(err)
	}
}

// A join confirmation queued while a large announcement drains goes out
// within one worker batch: only the sends already in flight finish before
// it, with the 10,000 recipients.
func TestTransactionalMailOvertakesADrainingAnnouncement(t *testing.T) {
	app, srv := newSMTPApp(t)
	const total = 10_000
	enqueueBulk(t, app, total)
	const conc = 4
	w := runWorker(t, app, outbox.Options{Concurrency: conc})
	if err := srv.WaitFor(10, 60*time.Second); err != nil {
		t.Fatal(err)
	}
	join := msg(1)
	join.Kind = "join_confirm"
	enqueue(t, app, join)
	// Counted once the row is committed: every claim from now on sees it
	// first, so only the sends already claimed may still go out before it.
	before := srv.Count()
	w.Wake()
	var at int
	eventually(t, "join confirmation delivered", func() bool {
		for i, m := range srv.Messages() {
			if m.To[0] == join.To {
				at = i
				return true
			}
		}
		return false
	})
	if overtaken := at - before; overtaken > conc {
		t.Fatalf("%d announcement mails went out between queueing and the join confirmation, want <= %d (in flight)", overtaken, conc)
	}
	// Stop now, waiting for the sends in flight: the cleanup's Stop gets
	// an already cancelled context and would not wait for them.
	if err := w.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countStatus(t, app, outbox.StatusQueued); n < total/2 {
		t.Fatalf("only %d announcement rows still queued: the test did not run during the drain", n)
	}
}

// The bulk rate holds per window on the worker's clock; transactional rows
// are claimed whatever the bulk budget.
func TestBulkRateLimitsClaimsPerWindow(t *testing.T) {
	app, _ := newSMTPApp(t)
	clock := newClock()
	w := outbox.NewWorker(app, outbox.Options{Now: clock.Now, BulkRate: outbox.Rate{Max: 5, Window: time.Minute}})
	enqueueBulk(t, app, 12)
	enqueue(t, app, msg(1), msg(2))

	claims := func() int {
		t.Helper()
		n, err := w.ClaimOnly(100)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := claims(); n != 2+5 {
		t.Fatalf("first tick claimed %d, want 2 transactional + 5 bulk", n)
	}
	clock.Advance(30 * time.Second)
	if n := claims(); n != 0 {
		t.Fatalf("second tick in the same window claimed %d bulk rows, want 0", n)
	}
	enqueue(t, app, msg(3))
	if n := claims(); n != 1 {
		t.Fatalf("a transactional row with the bulk budget spent: claimed %d, want 1", n)
	}
	clock.Advance(31 * time.Second)
	if n := claims(); n != 5 {
		t.Fatalf("next window claimed %d, want 5", n)
	}
	clock.Advance(61 * time.Second)
	if n := claims(); n != 2 {
		t.Fatalf("last window claimed %d, want the 2 left", n)
	}
}

// Transactional rows are claimed before bulk rows queued earlier.
func TestClaimOrderIsPriorityFirst(t *testing.T) {
	app, srv := newSMTPApp(t)
	enqueueBulk(t, app, 20)
	enqueue(t, app, msg(1))
	runWorker(t, app, outbox.Options{Concurrency: 1})
	if err := srv.WaitFor(21, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// The worker records each result after the server's answer: wait for
	// it, so the app is not torn down under a send's last write.
	eventually(t, "rows marked sent", func() bool { return countStatus(t, app, outbox.StatusSent) == 21 })
	if got := srv.Messages()[0].To[0]; got != "member1@example.org" {
		t.Fatalf("first mail went to %s, want the transactional one", got)
	}
	r := row(t, app, "bulk:0")
	if r.GetInt("priority") != outbox.PriorityBulk || r.GetString("group") != "ann1" {
		t.Errorf("bulk row priority=%d group=%q", r.GetInt("priority"), r.GetString("group"))
	}
	if p := row(t, app, "test:1").GetInt("priority"); p != outbox.PriorityTransactional {
		t.Errorf("transactional row priority %d", p)
	}
}

// Extra headers reach the message as the SMTP server receives it.
func TestHeadersAreDelivered(t *testing.T) {
	app, srv := newSMTPApp(t)
	m := bulkMsg(1)
	m.Headers = map[string]string{
		"List-Unsubscribe":      "<https://members.example.org/unsubscribe?token=abc>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Precedence":            "bulk",
	}
	enqueue(t, app, m)
	runWorker(t, app, outbox.Options{})
	if err := srv.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "row marked sent", func() bool { return row(t, app, m.DedupeKey).GetString("status") == outbox.StatusSent })
	h := srv.Messages()[0].Header
	for k, v := range m.Headers {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if h.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted lost: %q", h.Get("Auto-Submitted"))
	}
}

func TestHeadersAreValidated(t *testing.T) {
	app, _ := newSMTPApp(t)
	for name, h := range map[string]map[string]string{
		"crlf":     {"List-Id": "a\r\nBcc: victim@example.org"},
		"reserved": {"Bcc": "victim@example.org"},
		"from":     {"from": "x@example.org"},
		"badname":  {"List Id": "x"},
		"empty":    {"List-Id": ""},
	} {
		m := msg(1)
		m.Headers = h
		if err := outbox.Enqueue(app, m); err == nil || !strings.Contains(err.Error(), "header") {
			t.Errorf("%s: Enqueue = %v, want a header error", name, err)
		}
	}
}

// An erasure empties a row's headers with its address: they carry the
// member's unsubscribe token.
func TestRedactAddressClearsHeaders(t *testing.T) {
	app, _ := newSMTPApp(t)
	m := bulkMsg(1)
	m.Headers = map[string]string{"List-Unsubscribe": "<https://members.example.org/unsubscribe?token=abc>"}
	enqueue(t, app, m)
	err := app.RunInTransaction(func(tx core.App) error { return outbox.RedactAddress(tx, m.To, time.Now()) })
	if err != nil {
		t.Fatal(err)
	}
	r := row(t, app, m.DedupeKey)
	if r.GetString("status") != outbox.StatusCancelled || r.GetString("recipient") != "" || strings.Contains(r.GetString("headers"), "token") {
		t.Fatalf("row after redaction: status=%s recipient=%q headers=%s", r.GetString("status"), r.GetString("recipient"), r.GetString("headers"))
	}
}

// A rate-limited drain resumes when the window frees budget, not at the
// next idle poll (an hour here): every row goes out.
func TestRateLimitedDrainResumesWhenBudgetFrees(t *testing.T) {
	app, srv := newSMTPApp(t)
	enqueueBulk(t, app, 6)
	runWorker(t, app, outbox.Options{BulkRate: outbox.Rate{Max: 2, Window: time.Second}})
	if err := srv.WaitFor(6, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, "rows marked sent", func() bool { return countStatus(t, app, outbox.StatusSent) == 6 })
}
