package selfservice_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"memberbase/internal/outbox"
	"memberbase/internal/selfservice"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// newMailLinks is [newLinks] on a production app whose mail really leaves
// through SMTP to the returned server, its outbox worker running.
func newMailLinks(t *testing.T) (*links, *smtptest.Server) {
	t.Helper()
	srv := smtptest.Start(t)
	env := testapp.Production()
	env["SMTP_HOST"], env["SMTP_PORT"] = srv.Host, strconv.Itoa(srv.Port)
	env["PRIVACY_CONTACT"] = "privacy@example.org"
	app, _ := testapp.New(t, env)
	testapp.DeliverSMTP(app)
	svc, err := selfservice.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	c := testapp.NewClock(time.Now().UTC().Truncate(time.Second))
	svc.Now = c.Now
	ob, err := outbox.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	ob.Worker.Start()
	t.Cleanup(func() { _ = ob.Worker.Stop(context.Background()) })
	return &links{t: t, app: app, svc: svc, clock: c}, srv
}

// received waits for n messages on srv and returns them.
func received(t *testing.T, srv *smtptest.Server, n int) []smtptest.Mail {
	t.Helper()
	if err := srv.WaitFor(n, 20*time.Second); err != nil {
		t.Fatalf("waiting for %d mails: %v (got %d)", n, err, srv.Count())
	}
	return srv.Messages()
}

// intakeLeft counts the intake rows still waiting: a processor that failed
// leaves its row for a retry.
func (l *links) intakeLeft() int64 {
	l.t.Helper()
	var n int64
	if err := l.app.DB().NewQuery("SELECT COUNT(*) FROM intake").Row(&n); err != nil {
		l.t.Fatal(err)
	}
	return n
}
