package outbox_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
)

// pooled is an SMTPMailer pointed at srv that sends on pool.
func pooled(srv *smtptest.Server, pool *outbox.SMTPPool, c core.SMTPConfig) *outbox.SMTPMailer {
	m := mailerFor(srv, c)
	m.Pool = pool
	return m
}

// sendN sends n messages with distinct subjects (prefix-0, prefix-1, ...).
func sendN(t *testing.T, m *outbox.SMTPMailer, prefix string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		msg := sample()
		msg.Subject = fmt.Sprintf("%s-%d", prefix, i)
		if err := m.Send(msg); err != nil {
			t.Fatalf("%s: %v", msg.Subject, err)
		}
	}
}

// onceEach checks the server accepted exactly the subjects, each once.
func onceEach(t *testing.T, srv *smtptest.Server, subjects ...string) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.Subject]++
	}
	for _, s := range subjects {
		if seen[s] != 1 {
			t.Errorf("%q accepted %d times, want once", s, seen[s])
		}
	}
	if srv.Count() != len(subjects) {
		t.Errorf("%d messages accepted, want %d", srv.Count(), len(subjects))
	}
}

func TestSMTPPoolSendsManyMessagesOverOneConnectionWithRSETBetween(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{}
	defer pool.Close()
	sendN(t, pooled(srv, pool, core.SMTPConfig{}), "m", 20)
	if srv.Count() != 20 || srv.Connections() != 1 || srv.Resets() != 19 {
		t.Fatalf("messages %d over %d connections with %d RSETs; want 20 over 1 with 19",
			srv.Count(), srv.Connections(), srv.Resets())
	}
	if pool.Idle() != 1 || srv.Open() != 1 {
		t.Errorf("idle %d, open at the server %d; want the connection kept", pool.Idle(), srv.Open())
	}
}

func TestSMTPPoolKeepsTLSAndAuthOnAReusedConnection(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode smtptest.TLSMode
	}{{"STARTTLS", smtptest.StartTLS}, {"implicit TLS", smtptest.ImplicitTLS}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtptest.StartWith(t, smtptest.Options{Username: "relay", Password: "s3cret", TLS: tc.mode})
			pool := &outbox.SMTPPool{}
			defer pool.Close()
			c := core.SMTPConfig{Username: "relay", Password: "s3cret", TLS: tc.mode == smtptest.ImplicitTLS}
			sendN(t, pooled(srv, pool, c), "tls", 3)
			for _, m := range srv.Messages() {
				if m.User != "relay" || !m.TLS || m.Conn != 1 {
					t.Errorf("user=%q tls=%v connection %d", m.User, m.TLS, m.Conn)
				}
			}
		})
	}
}

func TestSMTPPoolRedialsAConnectionTheServerClosed(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{}
	defer pool.Close()
	m := pooled(srv, pool, core.SMTPConfig{})
	sendN(t, m, "before", 1)
	srv.Stop() // closes the pooled connection at the server's end
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	sendN(t, m, "after", 2)
	onceEach(t, srv, "before-0", "after-0", "after-1")
	if srv.Connections() != 2 {
		t.Errorf("%d connections, want 2 (the closed one replaced once)", srv.Connections())
	}
}

func TestSMTPPoolClosesAConnectionAfterAFailedSend(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{}
	defer pool.Close()
	m := pooled(srv, pool, core.SMTPConfig{})
	sendN(t, m, "ok", 1)
	srv.SetReject(550)
	if err := m.Send(sample()); err == nil {
		t.Fatal("a rejected recipient was reported as sent")
	}
	if pool.Idle() != 0 {
		t.Fatalf("%d idle connections after a failed send, want 0", pool.Idle())
	}
	srv.SetReject(0)
	sendN(t, m, "again", 1)
	onceEach(t, srv, "ok-0", "again-0")
	if srv.Connections() != 2 {
		t.Errorf("%d connections, want 2", srv.Connections())
	}
}

func TestSMTPPoolClosesIdleConnections(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{IdleTimeout: 50 * time.Millisecond}
	defer pool.Close()
	m := pooled(srv, pool, core.SMTPConfig{})
	sendN(t, m, "first", 1)
	eventually(t, "the idle connection closed", func() bool { return pool.Idle() == 0 && srv.Open() == 0 })
	sendN(t, m, "second", 1)
	onceEach(t, srv, "first-0", "second-0")
}

func TestSMTPPoolEndsAConnectionAfterMaxMessagesAndOnClose(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{MaxMessages: 3}
	sendN(t, pooled(srv, pool, core.SMTPConfig{}), "m", 7)
	if srv.Connections() != 3 {
		t.Errorf("7 messages at most 3 a connection over %d connections, want 3", srv.Connections())
	}
	pool.Close()
	eventually(t, "every connection closed", func() bool { return srv.Open() == 0 })
	if pool.Idle() != 0 {
		t.Errorf("%d idle after Close", pool.Idle())
	}
}

func TestSMTPPoolDoesNotReuseAConnectionOpenedWithOtherSettings(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{}
	defer pool.Close()
	sendN(t, pooled(srv, pool, core.SMTPConfig{LocalName: "a.example.org"}), "a", 1)
	sendN(t, pooled(srv, pool, core.SMTPConfig{LocalName: "b.example.org"}), "b", 1)
	ms := srv.Messages()
	if len(ms) != 2 || ms[0].Helo != "a.example.org" || ms[1].Helo != "b.example.org" || ms[1].Conn != 2 {
		t.Fatalf("messages %+v", ms)
	}
	eventually(t, "the old settings' connection closed", func() bool { return srv.Open() == 1 })
}

func TestSMTPPoolSharesConnectionsBetweenConcurrentSends(t *testing.T) {
	srv := smtptest.Start(t)
	pool := &outbox.SMTPPool{}
	defer pool.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 80)
	var subjects []string
	for g := 0; g < 8; g++ {
		prefix := fmt.Sprintf("g%d", g)
		for i := 0; i < 10; i++ {
			subjects = append(subjects, fmt.Sprintf("%s-%d", prefix, i))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := pooled(srv, pool, core.SMTPConfig{})
			for i := 0; i < 10; i++ {
				msg := sample()
				msg.Subject = fmt.Sprintf("%s-%d", prefix, i)
				errs <- m.Send(msg)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	onceEach(t, srv, subjects...)
	if srv.Connections() > 8 {
		t.Errorf("80 messages from 8 senders over %d connections, want at most 8", srv.Connections())
	}
}
