// Package smtptest runs a real SMTP server on 127.0.0.1 for tests and
// benchmarks (github.com/emersion/go-smtp): it records every accepted
// message, and can be slowed down, made to reject, or taken down and
// brought back on the same port.
package smtptest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Server is a running test SMTP server.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	srv      *smtp.Server
	received []Mail
	delay    time.Duration
	reject   *smtp.SMTPError
	notify   chan struct{}
}

// Start listens on a free loopback port; the server is closed when the test
// ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{Host: "127.0.0.1", notify: make(chan struct{}, 1)}
	if err := s.listen("127.0.0.1:0"); err != nil {
		tb.Fatalf("smtptest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

func (s *Server) listen(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	_, port, _ := net.SplitHostPort(l.Addr().String())
	s.mu.Lock()
	s.srv = srv
	s.Port, _ = strconv.Atoi(port)
	s.mu.Unlock()
	go func() { _ = srv.Serve(l) }()
	return nil
}

// Stop takes the server down: new connections are refused.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Restart brings a stopped server back on the same port.
func (s *Server) Restart() error {
	return s.listen(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
}

// SetDelay makes every DATA command take d before it is accepted.
func (s *Server) SetDelay(d time.Duration) { s.mu.Lock(); s.delay = d; s.mu.Unlock() }

// SetReject makes RCPT fail with code (e.g. 451 temporary, 550 permanent);
// 0 accepts again.
func (s *Server) SetReject(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = nil
	if code != 0 {
		s.reject = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0},
			Message: "rejected by the test server for <someone@example.org>"}
	}
}

// Messages returns a copy of every accepted message, in order.
func (s *Server) Messages() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.received...)
}

// Count is the number of accepted messages.
func (s *Server) Count() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.received) }

// WaitFor waits until at least n messages were accepted or timeout passes.
func (s *Server) WaitFor(n int, timeout time.Duration) error {
	deadline := time.After(timeout)
	for s.Count() < n {
		select {
		case <-s.notify:
		case <-deadline:
			return fmt.Errorf("smtptest: %d of %d messages after %s", s.Count(), n, timeout)
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	rej := x.s.reject
	x.s.mu.Unlock()
	if rej != nil {
		return rej
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	delay := x.s.delay
	x.s.mu.Unlock()
	time.Sleep(delay)
	m, err := parse(raw)
	if err != nil {
		return errors.Join(&smtp.SMTPError{Code: 554, Message: "unparsable message"}, err)
	}
	m.From, m.To, m.Raw = x.from, x.to, bytes.Clone(raw)
	x.s.mu.Lock()
	x.s.received = append(x.s.received, m)
	x.s.mu.Unlock()
	select {
	case x.s.notify <- struct{}{}:
	default:
	}
	return nil
}
