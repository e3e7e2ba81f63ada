package outbox_test

import (
	"context"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
)

// mailerFor is an SMTPMailer pointed at srv.
func mailerFor(srv *smtptest.Server, c core.SMTPConfig) *outbox.SMTPMailer {
	c.Enabled, c.Host, c.Port = true, srv.Host, srv.Port
	return &outbox.SMTPMailer{Config: c, RootCAs: srv.RootCAs()}
}

func sample() *mailer.Message {
	return &mailer.Message{
		From:    mail.Address{Name: "Union Ümlaut", Address: "noreply@example.org"},
		To:      []mail.Address{{Name: "Ada", Address: "ada@example.org"}},
		Cc:      []mail.Address{{Address: "board@example.org"}},
		Bcc:     []mail.Address{{Address: "archive@example.org"}},
		Subject: "Grüße, Ada",
		Text:    "plain body ünïcode",
		HTML:    "<p>html body</p>",
		Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	}
}

func TestSMTPMailerSendsTheMessagePocketBaseWould(t *testing.T) {
	srv := smtptest.Start(t)
	if err := mailerFor(srv, core.SMTPConfig{LocalName: "members.example.org"}).Send(sample()); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages()[0]
	if m.From != "noreply@example.org" || strings.Join(m.To, ",") != "ada@example.org,board@example.org,archive@example.org" {
		t.Errorf("envelope from=%q to=%q", m.From, m.To)
	}
	if m.Subject != "Grüße, Ada" || m.Text != "plain body ünïcode" || m.HTML != "<p>html body</p>" {
		t.Errorf("content subject=%q text=%q html=%q", m.Subject, m.Text, m.HTML)
	}
	h := m.Header
	if h.Get("Auto-Submitted") != "auto-generated" || !strings.HasSuffix(h.Get("Message-ID"), "@example.org>") ||
		h.Get("Bcc") != "" || !strings.Contains(h.Get("To"), "ada@example.org") || h.Get("Cc") != "board@example.org" {
		t.Errorf("headers %v", h)
	}
	if from, err := mail.ParseAddress(h.Get("From")); err != nil || from.Name != "Union Ümlaut" {
		t.Errorf("From header %q: %v", h.Get("From"), err)
	}
	if m.Helo != "members.example.org" {
		t.Errorf("EHLO name %q", m.Helo)
	}
}

func TestSMTPMailerDerivesTheTextPartOfAnHTMLOnlyMail(t *testing.T) {
	srv := smtptest.Start(t)
	msg := sample()
	msg.Text = ""
	msg.HTML = `<html><head><style>p{}</style></head><body><p>Hello,</p>
		<p>reset it <a href="https://x.example/r?t=1">here</a>.</p><ul><li>one</li><li>two</li></ul></body></html>`
	if err := mailerFor(srv, core.SMTPConfig{}).Send(msg); err != nil {
		t.Fatal(err)
	}
	want := "Hello,\nreset it [here](https://x.example/r?t=1).\n- one\n- two"
	if got := strings.ReplaceAll(srv.Messages()[0].Text, "\r\n", "\n"); got != want {
		t.Errorf("text part\n%q\nwant\n%q", got, want)
	}
}

func TestSMTPMailerAuthenticatesOverEachTLSMode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mode   smtptest.TLSMode
		method string
	}{
		{"plain text, PLAIN", smtptest.NoTLS, mailer.SMTPAuthPlain},
		{"plain text, LOGIN", smtptest.NoTLS, mailer.SMTPAuthLogin},
		{"STARTTLS, PLAIN", smtptest.StartTLS, mailer.SMTPAuthPlain},
		{"implicit TLS, LOGIN", smtptest.ImplicitTLS, mailer.SMTPAuthLogin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.StartWith(t, smtptest.Options{Username: "relay", Password: "s3cret", TLS: tc.mode})
			c := core.SMTPConfig{Username: "relay", Password: "wrong", AuthMethod: tc.method, TLS: tc.mode == smtptest.ImplicitTLS}
			if err := mailerFor(srv, c).Send(sample()); err == nil || !strings.Contains(err.Error(), "535") {
				t.Fatalf("wrong password: err=%v", err)
			}
			c.Password = "s3cret"
			if err := mailerFor(srv, c).Send(sample()); err != nil {
				t.Fatal(err)
			}
			m := srv.Messages()[0]
			if m.User != "relay" || m.TLS != (tc.mode != smtptest.NoTLS) || m.Text != "plain body ünïcode" {
				t.Errorf("user=%q tls=%v text=%q", m.User, m.TLS, m.Text)
			}
		})
	}
}

func TestSMTPMailerRefusesAnUntrustedCertificate(t *testing.T) {
	srv := smtptest.StartWith(t, smtptest.Options{TLS: smtptest.StartTLS})
	m := mailerFor(srv, core.SMTPConfig{})
	m.RootCAs = nil // the system's roots do not know the test certificate
	if err := m.Send(sample()); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err=%v", err)
	}
	if srv.Count() != 0 {
		t.Fatal("sent in clear after a failed STARTTLS")
	}
}

func TestSMTPMailerGivesUpOnASilentServerAndClosesTheConnection(t *testing.T) {
	srv := smtptest.Start(t)
	srv.SetSilent(true)
	m := mailerFor(srv, core.SMTPConfig{})
	m.Timeout = 300 * time.Millisecond
	err := m.Send(sample())
	if err == nil || !strings.Contains(err.Error(), "timed out after 300ms") {
		t.Fatalf("err=%v", err)
	}
	eventually(t, "the connection closed", func() bool { return srv.Hanging() == 0 })
}

func TestSMTPMailerCancelClosesTheConnection(t *testing.T) {
	srv := smtptest.Start(t)
	srv.SetSilent(true)
	ctx, cancel := context.WithCancel(context.Background())
	m := mailerFor(srv, core.SMTPConfig{})
	m.Context, m.Timeout = ctx, time.Hour
	done := make(chan error, 1)
	go func() { done <- m.Send(sample()) }()
	eventually(t, "the connection open", func() bool { return srv.Hanging() == 1 })
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "cancelled") {
			t.Fatalf("err=%v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send still running after its context was cancelled")
	}
	eventually(t, "the connection closed", func() bool { return srv.Hanging() == 0 })
}
