package smtptest

import (
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/mailer"
)

func send(s *Server, subject string) error {
	c := &mailer.SMTPClient{Host: s.Host, Port: s.Port}
	return c.Send(&mailer.Message{
		From:    mail.Address{Name: "Org", Address: "noreply@example.org"},
		To:      []mail.Address{{Address: "member@example.org"}},
		Subject: subject,
		Text:    "plain body ünïcode",
		HTML:    "<p>html body</p>",
	})
}

func TestServerRecordsDecodedParts(t *testing.T) {
	s := Start(t)
	if err := send(s, "Grüße"); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	m := s.Messages()[0]
	if m.From != "noreply@example.org" || len(m.To) != 1 || m.To[0] != "member@example.org" {
		t.Fatalf("envelope %q %q", m.From, m.To)
	}
	if m.Subject != "Grüße" || !strings.Contains(m.Text, "plain body ünïcode") || !strings.Contains(m.HTML, "<p>html body</p>") {
		t.Fatalf("decoded subject=%q text=%q html=%q", m.Subject, m.Text, m.HTML)
	}
}

func TestServerRejectStopAndRestart(t *testing.T) {
	s := Start(t)
	s.SetReject(451)
	if err := send(s, "a"); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("reject: err=%v", err)
	}
	s.SetReject(0)
	s.Stop()
	if err := send(s, "b"); err == nil {
		t.Fatal("send to a stopped server succeeded")
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if err := send(s, "c"); err != nil {
		t.Fatal(err)
	}
	if s.Count() != 1 || s.Messages()[0].Subject != "c" {
		t.Fatalf("messages %d", s.Count())
	}
}
