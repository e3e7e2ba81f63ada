package join_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// env is a test app (no HTTP: the tests call the package as the handlers
// and the intake worker do) with its join service on a fake clock.
type env struct {
	t     *testing.T
	app   *tests.TestApp
	join  *join.Service
	clock *testapp.Clock
}

func newEnv(t *testing.T, vars map[string]string) *env {
	t.Helper()
	app, _ := testapp.New(t, vars)
	j, err := join.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	c := testapp.NewClock(time.Now().UTC())
	j.SetClock(c.Now)
	return &env{t: t, app: app, join: j, clock: c}
}

// submit stores a join request for email as POST /join does.
func (e *env) submit(email, first string, marketing bool) {
	e.t.Helper()
	err := join.Submit(e.app, join.Request{Email: email, FirstName: first, LastName: "Lovelace",
		Phone: "+44 20 7946 0000", MarketingOptIn: marketing, ConsentVersion: "1", ConsentAt: e.clock.Now()})
	if err != nil {
		e.t.Fatal(err)
	}
}

// drain runs the intake worker over every queued row.
func (e *env) drain() {
	e.t.Helper()
	w, err := intake.FromApp(e.app)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// mails returns the queued outbox rows of kind, oldest first.
func (e *env) mails(kind string) []*core.Record {
	e.t.Helper()
	rows, err := e.app.FindRecordsByFilter(outbox.Collection, "kind = {:k}", "created", 0, 0, map[string]any{"k": kind})
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

var linkToken = regexp.MustCompile(`/join/confirm\?token=([A-Za-z0-9_-]{43})`)

// tokens returns the confirmation tokens of every queued join_confirm mail.
func (e *env) tokens() []string {
	e.t.Helper()
	var out []string
	for _, m := range e.mails(join.MailConfirm) {
		if mm := linkToken.FindStringSubmatch(m.GetString("text_body")); mm != nil {
			out = append(out, mm[1])
		}
	}
	return out
}

func (e *env) count(collection string) int {
	e.t.Helper()
	n, err := e.app.CountRecords(collection)
	if err != nil {
		e.t.Fatal(err)
	}
	return int(n)
}

func (e *env) member(email string) *core.Record {
	e.t.Helper()
	r, err := e.app.FindFirstRecordByData("members", "email", email)
	if err != nil {
		e.t.Fatalf("member %s: %v", email, err)
	}
	return r
}
