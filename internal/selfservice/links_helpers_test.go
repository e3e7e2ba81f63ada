package selfservice_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/intake"
	"memberbase/internal/outbox"
	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// links is a test app whose self-service rules run on a fake clock, called
// as the handlers and the intake worker call them (no HTTP).
type links struct {
	t     *testing.T
	app   *tests.TestApp
	svc   *selfservice.Service
	clock *testapp.Clock
}

func newLinks(t *testing.T) *links {
	t.Helper()
	app, _ := testapp.New(t, nil)
	svc, err := selfservice.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	c := testapp.NewClock(time.Now().UTC().Truncate(time.Second))
	svc.Now = c.Now
	return &links{t: t, app: app, svc: svc, clock: c}
}

// drain runs the intake worker over every queued row, as it would off the
// request path.
func (l *links) drain() {
	l.t.Helper()
	w, err := intake.FromApp(l.app)
	if err != nil {
		l.t.Fatal(err)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		l.t.Fatal(err)
	}
}

// askManage submits the "Update my details or leave" form for email.
func (l *links) askManage(email string) {
	l.t.Helper()
	if err := intake.Submit(l.app, intake.KindManage, email, nil); err != nil {
		l.t.Fatal(err)
	}
	l.drain()
}

// mails returns the queued outbox rows of kind, oldest first.
func (l *links) mails(kind string) []*core.Record {
	l.t.Helper()
	rows, err := l.app.FindRecordsByFilter(outbox.Collection, "kind = {:k}", "created", 0, 0, map[string]any{"k": kind})
	if err != nil {
		l.t.Fatal(err)
	}
	return rows
}

var mailToken = regexp.MustCompile(`/manage(?:/email)?\?token=([A-Za-z0-9_-]{43})`)

// tokenTo returns the token of the last mail of kind to address, failing
// when there is none.
func (l *links) tokenTo(kind, address string) string {
	l.t.Helper()
	var tok string
	for _, m := range l.mails(kind) {
		if m.GetString("recipient") != address {
			continue
		}
		if mm := mailToken.FindStringSubmatch(m.GetString("text_body")); mm != nil {
			tok = mm[1]
		}
	}
	if tok == "" {
		l.t.Fatalf("no %s mail with a link to %s", kind, address)
	}
	return tok
}
