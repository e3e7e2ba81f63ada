package dues_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/dues"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// env is a test app whose dues service runs on a settable date.
type env struct {
	t   *testing.T
	app *tests.TestApp
	svc *dues.Service
	now time.Time
}

func newEnv(t *testing.T, vars map[string]string, today string) *env {
	t.Helper()
	app, _ := testapp.New(t, vars)
	svc, err := dues.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, app: app, svc: svc}
	e.on(today)
	svc.SetClock(func() time.Time { return e.now })
	return e
}

// on moves the clock to 10:00 UTC on day (YYYY-MM-DD).
func (e *env) on(day string) {
	e.t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		e.t.Fatal(err)
	}
	e.now = d.Add(10 * time.Hour)
}

// run runs the lifecycle job on the current date.
func (e *env) run() dues.Report {
	e.t.Helper()
	rep, err := e.svc.RunLifecycle(context.Background(), e.app)
	if err != nil {
		e.t.Fatalf("lifecycle: %v", err)
	}
	return rep
}

// pay records a payment of amount for member received today.
func (e *env) pay(memberID string, amount int) *core.Record {
	e.t.Helper()
	col, err := e.app.FindCollectionByNameOrId(dues.Payments)
	if err != nil {
		e.t.Fatal(err)
	}
	p := core.NewRecord(col)
	p.Set("member", memberID)
	p.Set("amount", amount)
	p.Set("received_on", e.now.Format(time.DateOnly))
	p.Set("method", "bank_transfer")
	p.Set("reference", "M-000001 membership")
	p.Set("payer", "ADA LOVELACE")
	if err := e.app.Save(p); err != nil {
		e.t.Fatalf("payment: %v", err)
	}
	return p
}

func (e *env) member(id string) *core.Record {
	e.t.Helper()
	m, err := e.app.FindRecordById("members", id)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// periods returns the member's periods as "starts_on..ends_on status".
func (e *env) periods(id string) []string {
	e.t.Helper()
	ps, err := dues.PeriodsOf(e.app, id)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, day(p, "starts_on")+".."+day(p, "ends_on")+" "+p.GetString("status"))
	}
	return out
}

// mails returns the outbox rows of kind.
func (e *env) mails(kind string) []*core.Record {
	e.t.Helper()
	rows, err := e.app.FindRecordsByFilter(outbox.Collection, "kind = {:k}", "created", 0, 0, dbx.Params{"k": kind})
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

func (e *env) count(collection string) int {
	e.t.Helper()
	n, err := e.app.CountRecords(collection)
	if err != nil {
		e.t.Fatal(err)
	}
	return int(n)
}

func day(r *core.Record, field string) string {
	dt := r.GetDateTime(field)
	if dt.IsZero() {
		return ""
	}
	return dt.Time().Format(time.DateOnly)
}

func decode(t *testing.T, res *http.Response, v any) {
	t.Helper()
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
