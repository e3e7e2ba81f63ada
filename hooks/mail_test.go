package hooks_test

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"memberbase/hooks"
	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// sendAsChosen stands in for the TestMailer: it sends with whatever mailer
// our handler chose, before the test app swaps in its own, and returns a
// func reporting the last mailer chosen.
func sendAsChosen(app core.App) func() mailer.Mailer {
	var mu sync.Mutex
	var chosen mailer.Mailer
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id: "test.send-as-chosen", Priority: -100005,
		Func: func(e *core.MailerEvent) error {
			mu.Lock()
			chosen = e.Mailer
			mu.Unlock()
			return e.Mailer.Send(e.Message)
		},
	})
	return func() mailer.Mailer { mu.Lock(); defer mu.Unlock(); return chosen }
}

func TestPocketBaseMailsGoThroughOurSMTPMailer(t *testing.T) {
	srv := smtptest.Start(t)
	app, _ := testapp.New(t, map[string]string{"SMTP_HOST": srv.Host, "SMTP_PORT": strconv.Itoa(srv.Port), "MAIL_FROM": "noreply@example.org"})
	chosen := sendAsChosen(app)
	su, err := superuser(app)
	if err != nil {
		t.Fatal(err)
	}
	if err := mails.SendRecordPasswordReset(app, su); err != nil {
		t.Fatal(err)
	}
	if _, ok := chosen().(*outbox.SMTPMailer); !ok {
		t.Fatalf("mailer %T, want *outbox.SMTPMailer (the one with deadlines)", chosen())
	}
	m := srv.Messages()[0]
	if m.To[0] != su.Email() || !strings.Contains(m.HTML, "<") || m.Text == "" || strings.Contains(m.Text, "<p") {
		t.Errorf("password reset mail to=%q text=%q", m.To, m.Text)
	}
}

// TestMailsShareAnSMTPConnectionUntilTheAppTerminates: PocketBase's mails
// and ours go out on the pooled connection, which the app's end closes.
func TestMailsShareAnSMTPConnectionUntilTheAppTerminates(t *testing.T) {
	srv := smtptest.Start(t)
	app, _ := testapp.New(t, map[string]string{"SMTP_HOST": srv.Host, "SMTP_PORT": strconv.Itoa(srv.Port), "MAIL_FROM": "noreply@example.org"})
	testapp.DeliverSMTP(app)
	su, err := superuser(app)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := mails.SendRecordPasswordReset(app, su); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Count() != 3 || srv.Connections() != 1 || srv.Open() != 1 {
		t.Fatalf("%d mails over %d connections, %d open; want 3 over 1, kept open", srv.Count(), srv.Connections(), srv.Open())
	}
	if err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); srv.Open() != 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the pooled SMTP connection is still open after the app terminated")
		}
	}
}

func TestMailWithoutSMTPIsPrintedInDevelopmentAndRefusedInProduction(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantErr bool
	}{
		{"development", nil, false},
		{"production", func() map[string]string { e := testapp.Production(); delete(e, "SMTP_HOST"); return e }(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, cfg := testapp.New(t, tc.env)
			var buf bytes.Buffer
			hooks.BindMailerForTest(app, cfg, &buf)
			sendAsChosen(app)
			su, err := superuser(app)
			if err != nil {
				t.Fatal(err)
			}
			// One of PocketBase's own mails.
			err = mails.SendRecordPasswordReset(app, su)
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "SMTP") {
					t.Fatalf("production without SMTP: err=%v", err)
				}
				if buf.Len() != 0 {
					t.Error("production printed a mail")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out := buf.String(); !strings.Contains(out, "not sent: no SMTP") || !strings.Contains(out, su.Email()) {
				t.Errorf("console output:\n%s", out)
			}
		})
	}
}
