package smtptest

import (
	"net"
	"net/smtp"
	"strconv"
	"testing"
)

// TestServerCountsConnectionsAndResets: each message records the number of
// its connection, RSET is counted (the reset go-smtp does after DATA is
// not), and a connection leaves Open when it is closed.
func TestServerCountsConnectionsAndResets(t *testing.T) {
	s := Start(t)
	c, err := smtp.Dial(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := 0; i < 2; i++ {
		if i > 0 {
			if err := c.Reset(); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Mail("noreply@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt("member@example.org"); err != nil {
			t.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(rawMail)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := send(s, "second connection"); err != nil {
		t.Fatal(err)
	}
	ms := s.Messages()
	if len(ms) != 3 || ms[0].Conn != 1 || ms[1].Conn != 1 || ms[2].Conn != 2 {
		t.Fatalf("connections of the messages: %+v", ms)
	}
	if s.Connections() != 2 || s.Resets() != 1 {
		t.Errorf("connections %d, resets %d; want 2 and 1", s.Connections(), s.Resets())
	}
	waitUntil(t, "the second connection closed", func() bool { return s.Open() == 1 })
	if err := c.Quit(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the first connection closed", func() bool { return s.Open() == 0 })
}
