// Package smtptest runs a real SMTP server on 127.0.0.1 for tests and
// benchmarks (github.com/emersion/go-smtp): it records every accepted
// message, and can require AUTH, speak TLS, be slowed down, made to reject,
// made to hang, or taken down and brought back on the same port.
package smtptest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// TLSMode is how a server offers TLS.
type TLSMode int

const (
	NoTLS       TLSMode = iota // plain text only
	StartTLS                   // plain text, offering STARTTLS
	ImplicitTLS                // TLS from the first byte (port 465 style)
)

// Options configure a server started with [StartWith].
type Options struct {
	// Username and Password, when set, make the server require AUTH (PLAIN
	// or LOGIN) with them before MAIL.
	Username, Password string
	TLS                TLSMode
}

// Server is a running test SMTP server.
type Server struct {
	Host string
	Port int

	opts    Options
	tlsConf *tls.Config
	roots   *x509.CertPool

	mu       sync.Mutex
	srv      *smtp.Server
	received []Mail
	dropped  int
	delay    time.Duration
	reject   *smtp.SMTPError
	silent   bool
	parked   map[net.Conn]struct{}
	notify   chan struct{}
	conns    map[*smtp.Conn]int // each session's connection, numbered from 1
	rsets    int
	open     int
}

// Start listens on a free loopback port, without TLS or AUTH; the server is
// closed when the test ends.
func Start(tb testing.TB) *Server { tb.Helper(); return StartWith(tb, Options{}) }

// StartWith is [Start] with options.
func StartWith(tb testing.TB, o Options) *Server {
	tb.Helper()
	s := &Server{Host: "127.0.0.1", opts: o, notify: make(chan struct{}, 1), parked: map[net.Conn]struct{}{},
		conns: map[*smtp.Conn]int{}}
	if o.TLS != NoTLS {
		conf, roots, err := selfSigned(s.Host)
		if err != nil {
			tb.Fatalf("smtptest: certificate: %v", err)
		}
		s.tlsConf, s.roots = conf, roots
	}
	if err := s.listen("127.0.0.1:0"); err != nil {
		tb.Fatalf("smtptest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// RootCAs trusts the server's certificate (nil without TLS).
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

func (s *Server) listen(addr string) error {
	raw, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var l net.Listener = gate{Listener: raw, s: s}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, conn: c, serial: s.serial(c)}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	switch s.opts.TLS {
	case StartTLS:
		srv.TLSConfig = s.tlsConf
	case ImplicitTLS:
		l = tls.NewListener(l, s.tlsConf)
	}
	_, port, _ := net.SplitHostPort(raw.Addr().String())
	s.mu.Lock()
	s.srv = srv
	s.Port, _ = strconv.Atoi(port)
	s.mu.Unlock()
	go func() { _ = srv.Serve(l) }()
	return nil
}

// Stop takes the server down: new connections are refused, open ones
// (hanging ones too) are closed.
func (s *Server) Stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	for c := range s.parked {
		_ = c.Close()
	}
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// Restart brings a stopped server back on the same port.
func (s *Server) Restart() error {
	return s.listen(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
}

// SetDelay makes the server answer the end of every message (the final
// dot) only after d. A client that hangs up before then gets no answer, and
// its message is dropped rather than accepted (see [Server.Dropped]).
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

// Dropped is the number of messages whose client hung up while the server
// was still delaying its answer.
func (s *Server) Dropped() int { s.mu.Lock(); defer s.mu.Unlock(); return s.dropped }

// serial numbers c: a session after STARTTLS keeps its connection's.
func (s *Server) serial(c *smtp.Conn) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.conns[c]
	if !ok {
		n = len(s.conns) + 1
		s.conns[c] = n
	}
	return n
}

// Connections is the number of connections that got past EHLO.
func (s *Server) Connections() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.conns) }

// Resets is the number of RSET commands received (and of EHLOs repeated
// on a session, which reset it alike; net/smtp never sends one).
func (s *Server) Resets() int { s.mu.Lock(); defer s.mu.Unlock(); return s.rsets }

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
