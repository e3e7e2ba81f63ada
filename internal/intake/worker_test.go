package intake_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// clock is a settable time source for leases, backoff and the quota window.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newWorker(t *testing.T, app core.App, c *clock, dead *[]string) *intake.Worker {
	t.Helper()
	w, err := intake.NewWorker(app, intake.Options{Quota: intake.Quota{Key: testKey}, Now: c.Now,
		Jitter: func() float64 { return 0.5 },
		OnDead: func(id, kind string) { *dead = append(*dead, kind) }})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func submit(t *testing.T, app core.App, kind, email string, payload any) {
	t.Helper()
	if err := intake.Submit(app, kind, email, payload); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, app core.App, table string) int {
	t.Helper()
	var n int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + table).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestProcessorRunsInTheDeleteTransaction(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	var got []intake.Item
	w.Handle(intake.KindJoin, func(tx core.App, it intake.Item) error {
		var p struct{ FirstName string }
		if err := it.Decode(&p); err != nil {
			return err
		}
		it.Payload = p.FirstName
		got = append(got, it)
		// A write of the processor's own commits with the row's removal.
		_, err := tx.DB().NewQuery("UPDATE intake_quota SET kind = 'join-seen'").Execute()
		return err
	})
	submit(t, app, intake.KindJoin, "ada@example.org", map[string]string{"FirstName": "Ada"})
	n, err := w.Drain(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	if len(got) != 1 || got[0].Email != "ada@example.org" || got[0].Payload != "Ada" || got[0].Attempts != 1 {
		t.Fatalf("processor saw %+v", got)
	}
	if count(t, app, "intake") != 0 {
		t.Error("the processed row was not deleted")
	}
	var kind string
	if err := app.DB().NewQuery("SELECT kind FROM intake_quota").Row(&kind); err != nil || kind != "join-seen" {
		t.Errorf("processor write = %q, %v", kind, err)
	}
}

func TestFailureRollsBackRetriesAndDies(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	calls := 0
	w.Handle(intake.KindDetails, func(tx core.App, it intake.Item) error {
		calls++
		if _, err := tx.DB().NewQuery("INSERT INTO intake_quota (id, kind, address_hash) VALUES ('x" + strings.Repeat("y", calls) + "', 'k', 'h')").Execute(); err != nil {
			return err
		}
		return errors.New("smtp said no to " + it.Email)
	})
	submit(t, app, intake.KindDetails, "grace@example.org", nil)

	for attempt := 1; attempt <= intake.MaxAttempts; attempt++ {
		if n, _ := w.Drain(context.Background()); n != 1 {
			t.Fatalf("attempt %d: Drain took %d rows", attempt, n)
		}
		var row struct {
			Attempts  int    `db:"attempts"`
			LastError string `db:"last_error"`
			Next      string `db:"next_attempt_at"`
		}
		if err := app.DB().NewQuery("SELECT attempts, last_error, next_attempt_at FROM intake").One(&row); err != nil {
			t.Fatal(err)
		}
		if row.Attempts != attempt || strings.Contains(row.LastError, "grace@") || !strings.Contains(row.LastError, "[address]") {
			t.Fatalf("after attempt %d: %+v", attempt, row)
		}
		// Not due again before its backoff has passed.
		if n, _ := w.Drain(context.Background()); n != 0 {
			t.Fatalf("attempt %d retried before its backoff", attempt)
		}
		c.Add(time.Hour)
	}
	if n, _ := w.Drain(context.Background()); n != 0 || calls != intake.MaxAttempts {
		t.Errorf("a dead row was tried again: %d calls", calls)
	}
	if len(dead) != 1 || dead[0] != intake.KindDetails {
		t.Errorf("OnDead calls = %v", dead)
	}
	// The processor's writes were rolled back every time (quota rows: none
	// kept either, since the quota insert shares the transaction).
	if n := count(t, app, "intake_quota"); n != 0 {
		t.Errorf("%d rows of failed attempts were kept", n)
	}
	st, err := w.Status()
	if err != nil || st.Backlog != 0 || st.Dead != 1 {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestQuotaCapsPerAddressAndKind(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	seen := map[string]int{}
	for _, k := range []string{intake.KindMemberID, intake.KindDetails} {
		w.Handle(k, func(_ core.App, it intake.Item) error { seen[it.Kind+" "+it.Email]++; return nil })
	}
	for i := 0; i < 5; i++ {
		submit(t, app, intake.KindMemberID, "ada@example.org", nil)
	}
	submit(t, app, intake.KindMemberID, " ADA@example.org", nil) // same address
	submit(t, app, intake.KindDetails, "ada@example.org", nil)
	submit(t, app, intake.KindMemberID, "bob@example.org", nil)
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	processed := seen["member_id ada@example.org"] + seen["member_id  ADA@example.org"]
	if processed != 3 || seen["details ada@example.org"] != 1 || seen["member_id bob@example.org"] != 1 {
		t.Errorf("processed %v", seen)
	}
	if count(t, app, "intake") != 0 {
		t.Error("requests over the cap must be dropped, not kept")
	}
	var hashes []string
	if err := app.DB().Select("address_hash").From("intake_quota").Column(&hashes); err != nil {
		t.Fatal(err)
	}
	for _, h := range hashes {
		if strings.Contains(h, "ada") || len(h) != 64 {
			t.Errorf("quota stores %q", h)
		}
	}

	// After the window the address may ask again; the purge empties it.
	c.Add(25 * time.Hour)
	submit(t, app, intake.KindMemberID, "ada@example.org", nil)
	w.Drain(context.Background())
	if seen["member_id ada@example.org"]+seen["member_id  ADA@example.org"] != 4 {
		t.Errorf("after 24 h: %v", seen)
	}
	if n, err := intake.PurgeQuota(app, intake.Quota{}, c.Now()); err != nil || n != 5 {
		t.Errorf("PurgeQuota = %d, %v (want the 5 old rows)", n, err)
	}
}

func TestLeaseKeepsWorkersApartAndSurvivesACrash(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	crashed := newWorker(t, app, c, &dead)
	submit(t, app, intake.KindJoin, "ada@example.org", nil)
	if n, err := crashed.ClaimOnly(10); err != nil || n != 1 {
		t.Fatalf("claim = %d, %v", n, err)
	}
	// A second worker (the restarted process) must wait out the lease.
	restarted := newWorker(t, app, c, &dead)
	calls := 0
	restarted.Handle(intake.KindJoin, func(core.App, intake.Item) error { calls++; return nil })
	if n, _ := restarted.Drain(context.Background()); n != 0 {
		t.Fatal("a leased row was claimed twice")
	}
	c.Add(3 * time.Minute)
	if n, _ := restarted.Drain(context.Background()); n != 1 || calls != 1 {
		t.Fatalf("after the lease: %d rows, %d calls", n, calls)
	}
}

func TestUnknownKindIsAFailureNotALoss(t *testing.T) {
	app, _ := testapp.New(t, nil)
	c := &clock{t: time.Now()}
	var dead []string
	w := newWorker(t, app, c, &dead)
	submit(t, app, intake.KindDeletion, "ada@example.org", nil)
	w.Drain(context.Background())
	var lastError string
	if err := app.DB().Select("last_error").From("intake").Where(dbx.HashExp{"kind": "deletion"}).Row(&lastError); err != nil {
		t.Fatalf("the row is gone: %v", err)
	}
	if !strings.Contains(lastError, "no processor") {
		t.Errorf("last_error = %q", lastError)
	}
}

func TestWorkerNeedsAQuotaKey(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if _, err := intake.NewWorker(app, intake.Options{}); err == nil {
		t.Error("a worker without a quota key must be refused")
	}
}

func TestServedWorkerWakesAfterCommit(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w, err := intake.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	w.Handle(intake.KindMemberID, func(_ core.App, it intake.Item) error { done <- it.Kind; return nil })
	testapp.Serve(t, app) // OnServe starts the worker
	submit(t, app, intake.KindMemberID, "ada@example.org", nil)
	select {
	case k := <-done:
		if k != intake.KindMemberID {
			t.Errorf("kind = %q", k)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not wake after the commit")
	}
}
