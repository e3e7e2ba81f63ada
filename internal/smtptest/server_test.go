package smtptest

import (
	"crypto/tls"
	"errors"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
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

// dial opens a go-smtp client session (an independent client) to s.
func dial(t *testing.T, s *Server) *smtp.Client {
	t.Helper()
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	var c *smtp.Client
	var err error
	switch s.opts.TLS {
	case ImplicitTLS:
		c, err = smtp.DialTLS(addr, &tls.Config{RootCAs: s.RootCAs()})
	case StartTLS:
		c, err = smtp.DialStartTLS(addr, &tls.Config{RootCAs: s.RootCAs()})
	default:
		c, err = smtp.Dial(addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

const rawMail = "From: noreply@example.org\r\nTo: member@example.org\r\nSubject: hi\r\n\r\nbody\r\n"

func TestServerRequiresAuthAndRecordsUserAndTLS(t *testing.T) {
	for _, mode := range []TLSMode{NoTLS, StartTLS, ImplicitTLS} {
		s := StartWith(t, Options{Username: "relay", Password: "secret", TLS: mode})
		c := dial(t, s)
		if err := c.SendMail("noreply@example.org", []string{"member@example.org"}, strings.NewReader(rawMail)); err == nil {
			t.Fatalf("tls %d: sent without AUTH", mode)
		}
		c = dial(t, s)
		if err := c.Auth(sasl.NewPlainClient("", "relay", "wrong")); err == nil {
			t.Fatalf("tls %d: wrong password accepted", mode)
		}
		c = dial(t, s)
		if err := c.Auth(sasl.NewLoginClient("relay", "secret")); err != nil {
			t.Fatalf("tls %d: LOGIN: %v", mode, err)
		}
		if err := c.SendMail("noreply@example.org", []string{"member@example.org"}, strings.NewReader(rawMail)); err != nil {
			t.Fatal(err)
		}
		m := s.Messages()[0]
		if m.User != "relay" || m.TLS != (mode != NoTLS) {
			t.Errorf("tls %d: recorded user=%q tls=%v", mode, m.User, m.TLS)
		}
	}
}

func TestServerDropsAMessageWhoseClientLeftBeforeTheAnswer(t *testing.T) {
	s := Start(t)
	s.SetDelay(time.Second)
	c := dial(t, s)
	c.SubmissionTimeout = 100 * time.Millisecond // gives up waiting for the answer
	if err := c.SendMail("noreply@example.org", []string{"member@example.org"}, strings.NewReader(rawMail)); err == nil {
		t.Fatal("the delayed answer arrived within the client's timeout")
	}
	_ = c.Close()
	for deadline := time.Now().Add(5 * time.Second); s.Dropped() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the message of a client that left was not dropped")
		}
	}
	if s.Count() != 0 {
		t.Fatalf("%d messages accepted", s.Count())
	}
	// A client that waits gets the message accepted.
	c = dial(t, s)
	if err := c.SendMail("noreply@example.org", []string{"member@example.org"}, strings.NewReader(rawMail)); err != nil {
		t.Fatal(err)
	}
	if s.Count() != 1 || s.Dropped() != 1 {
		t.Fatalf("accepted %d dropped %d", s.Count(), s.Dropped())
	}
}

func TestSilentServerNeverGreetsAndCountsHangingConnections(t *testing.T) {
	s := Start(t)
	s.SetSilent(true)
	conn, err := net.Dial("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, err := conn.Read(make([]byte, 64)); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("silent server answered: n=%d err=%v", n, err)
	}
	waitUntil(t, "one hanging connection", func() bool { return s.Hanging() == 1 })
	_ = conn.Close()
	waitUntil(t, "none hanging", func() bool { return s.Hanging() == 0 })
	s.SetSilent(false)
	if err := send(s, "after"); err != nil {
		t.Fatal(err)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
