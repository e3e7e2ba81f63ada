package privacy_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/intake"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// env is a test app (not serving: the workers run only when drained) with
// its privacy service on a clock the test moves.
type env struct {
	t     *testing.T
	app   *tests.TestApp
	svc   *privacy.Service
	clock *testapp.Clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	app, _ := testapp.New(t, map[string]string{"ORG_NAME": "Example Union", "BASE_URL": "https://members.example.org"})
	svc, err := privacy.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	c := testapp.NewClock(time.Now().UTC())
	svc.Now = c.Now
	return &env{t: t, app: app, svc: svc, clock: c}
}

// ask submits one intake row of kind for email and processes it.
func (e *env) ask(kind, email string) {
	e.t.Helper()
	if err := intake.Submit(e.app, kind, email, nil); err != nil {
		e.t.Fatal(err)
	}
	w, err := intake.FromApp(e.app)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// mail is one queued outbox row.
type mail struct {
	Recipient string `db:"recipient"`
	Kind      string `db:"kind"`
	Text      string `db:"text_body"`
	Sensitive bool   `db:"sensitive"`
}

// mails lists the queued outbox rows, oldest first.
func (e *env) mails() []mail {
	e.t.Helper()
	var out []mail
	err := e.app.DB().NewQuery("SELECT recipient, kind, text_body, sensitive FROM email_outbox ORDER BY created, rowid").All(&out)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

var linkToken = regexp.MustCompile(`token=([A-Za-z0-9_-]{43})`)

// tokenIn returns the link token in a mail body.
func (e *env) tokenIn(m mail) string {
	e.t.Helper()
	match := linkToken.FindStringSubmatch(m.Text)
	if match == nil {
		e.t.Fatalf("no link token in %s mail:\n%s", m.Kind, m.Text)
	}
	return match[1]
}

// requests lists the privacy requests, oldest first.
func (e *env) requests() []*core.Record {
	e.t.Helper()
	var out []*core.Record
	if err := e.app.RecordQuery(privacy.Collection).OrderBy("created", "rowid").All(&out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) reload(r *core.Record) *core.Record {
	e.t.Helper()
	fresh, err := e.app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		e.t.Fatal(err)
	}
	return fresh
}

// events lists a request's events as "from>to:actor".
func (e *env) events(requestID string) []string {
	e.t.Helper()
	evs, err := privacy.RequestEvents(e.app, requestID)
	if err != nil {
		e.t.Fatal(err)
	}
	out := make([]string, 0, len(evs))
	for _, ev := range evs {
		out = append(out, ev.From+">"+ev.To+":"+ev.Actor)
	}
	return out
}

// newRequest stores a request in status through our code (actor system).
func (e *env) newRequest(kind, memberID string) *core.Record {
	e.t.Helper()
	col, err := e.app.FindCollectionByNameOrId(privacy.Collection)
	if err != nil {
		e.t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("kind", kind)
	r.Set("member", memberID)
	r.Set("status", privacy.StatusAwaiting)
	r.Set("token_hash", core.GenerateDefaultRandomId()+core.GenerateDefaultRandomId())
	r.Set("expires_at", e.clock.Now().Add(privacy.ConfirmTTL))
	if err := e.app.Save(r); err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) count(table, where string, p dbx.Params) int {
	e.t.Helper()
	var n int
	if err := e.app.DB().NewQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where).Bind(p).Row(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func newRecord(col *core.Collection, kind, memberID, status string) *core.Record {
	r := core.NewRecord(col)
	r.Set("kind", kind)
	r.Set("member", memberID)
	r.Set("status", status)
	r.Set("token_hash", core.GenerateDefaultRandomId()+core.GenerateDefaultRandomId())
	return r
}
