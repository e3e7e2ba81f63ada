package outbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"os"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// DefaultSendTimeout bounds one SMTP conversation whose caller set no
// deadline (PocketBase's own mails); the worker passes its SendTimeout.
const DefaultSendTimeout = time.Minute

// SMTPMailer is the [mailer.Mailer] memberbase installs for PocketBase's SMTP
// settings (hooks, OnMailerSend). It speaks like [mailer.SMTPClient]: the
// same message ([buildMessage]), implicit TLS when Config.TLS is set and
// STARTTLS whenever the server offers it otherwise, AUTH PLAIN or LOGIN,
// Config.LocalName in EHLO. Unlike it, the whole conversation has one
// deadline (dial, TLS handshake, greeting, every command, the message and
// its final reply), and cancelling Context closes the connection, so a Send
// always returns by the deadline and leaves nothing running. With a Pool,
// connections are reused across sends ([SMTPPool]).
type SMTPMailer struct {
	Config core.SMTPConfig
	// Context's deadline, when it has one, is the send's; cancelling it ends
	// the send at once. Nil means context.Background().
	Context context.Context
	// Timeout bounds the send when Context has no deadline (default
	// [DefaultSendTimeout]).
	Timeout time.Duration
	// RootCAs verify the server's certificate (nil: the system's).
	RootCAs *x509.CertPool
	// Pool, when set, keeps the connection open for the next send.
	Pool *SMTPPool
}

// NewSMTPMailer returns the mailer for m under app's SMTP settings, bound to
// the context the worker gave m's send, if any, sending on app's connection
// pool ([PoolOf]).
func NewSMTPMailer(app core.App, m *mailer.Message) *SMTPMailer {
	return &SMTPMailer{Config: app.Settings().SMTP, Context: sendContext(app, m), Pool: PoolOf(app)}
}

// Send implements [mailer.Mailer].
func (s *SMTPMailer) Send(m *mailer.Message) error {
	raw, rcpts, err := buildMessage(m)
	if err != nil {
		return fmt.Errorf("smtp: build the message: %w", err)
	}
	ctx := s.Context
	if ctx == nil {
		ctx = context.Background()
	}
	budget := s.Timeout
	if budget <= 0 {
		budget = DefaultSendTimeout
	}
	deadline, ok := ctx.Deadline()
	if ok {
		budget = time.Until(deadline).Round(10 * time.Millisecond)
	} else {
		deadline = time.Now().Add(budget)
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	err = s.converse(ctx, deadline, m.From.Address, rcpts, raw)
	switch {
	case err == nil:
		return nil
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("smtp: timed out after %s: %w", budget, err)
	case ctx.Err() != nil:
		return fmt.Errorf("smtp: send cancelled, connection closed: %w", context.Cause(ctx))
	}
	return fmt.Errorf("smtp: %w", err)
}

// converse sends the message on a pooled connection when there is one, and
// on a new connection otherwise. An idle connection the server has closed
// meanwhile fails its RSET, before anything of the message was sent, and is
// replaced; after RSET succeeded, an error fails the send as on a new
// connection (the worker retries later).
func (s *SMTPMailer) converse(ctx context.Context, deadline time.Time, from string, rcpts []string, msg []byte) error {
	key := keyOf(s.Config, s.RootCAs)
	if s.Pool != nil {
		for pc := s.Pool.take(key); pc != nil; pc = s.Pool.take(key) {
			stale, err := s.transact(ctx, deadline, pc, true, from, rcpts, msg)
			if !stale {
				return err
			}
		}
	}
	pc, err := s.open(ctx, deadline, key)
	if err != nil {
		return err
	}
	_, err = s.transact(ctx, deadline, pc, false, from, rcpts, msg)
	return err
}

// transact sends one message on pc, whose every read and write stops at
// deadline and which is closed as soon as ctx ends. A connection that
// accepted the message goes back to the pool (or is ended with QUIT without
// one); any other is closed. stale reports a reused connection that failed
// its RSET.
func (s *SMTPMailer) transact(ctx context.Context, deadline time.Time, pc *smtpConn, reused bool, from string, rcpts []string, msg []byte) (stale bool, err error) {
	// Closing the TCP connection (not a TLS one, whose Close may write) ends
	// any read or write in progress.
	stop := context.AfterFunc(ctx, func() { _ = pc.raw.Close() })
	if err := pc.raw.SetDeadline(deadline); err != nil {
		stop()
		_ = pc.raw.Close()
		return reused, err
	}
	if reused {
		if err := pc.c.Reset(); err != nil {
			stop()
			_ = pc.raw.Close()
			return ctx.Err() == nil, err
		}
	}
	err = deliver(pc.c, from, rcpts, msg)
	if !stop() { // ctx ended: the connection is closed
		return false, err
	}
	if err != nil {
		_ = pc.raw.Close()
		return false, err
	}
	// Accepted: a failed QUIT must not turn a delivered mail into a retry.
	pc.sent++
	if s.Pool != nil {
		s.Pool.put(pc)
	} else {
		pc.quit()
	}
	return false, nil
}

// deliver is one mail transaction: MAIL, RCPT for each recipient, DATA.
func deliver(c *smtp.Client, from string, rcpts []string, msg []byte) error {
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range rcpts {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	return w.Close() // the server's answer to the message
}

// open dials the server and runs the session up to AUTH: implicit TLS or
// STARTTLS, EHLO with LocalName, AUTH. It stops at deadline and when ctx
// ends.
func (s *SMTPMailer) open(ctx context.Context, deadline time.Time, key smtpKey) (*smtpConn, error) {
	host := s.Config.Host
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(s.Config.Port)))
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { _ = raw.Close() })
	defer stop()
	c, err := s.handshake(ctx, deadline, raw)
	if err != nil {
		_ = raw.Close()
		return nil, err
	}
	return &smtpConn{key: key, raw: raw, c: c}, nil
}

// handshake reads the greeting and runs TLS, EHLO and AUTH on raw.
func (s *SMTPMailer) handshake(ctx context.Context, deadline time.Time, raw net.Conn) (*smtp.Client, error) {
	host := s.Config.Host
	if err := raw.SetDeadline(deadline); err != nil {
		return nil, err
	}
	var conn = raw
	tlsConf := &tls.Config{ServerName: host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
	if s.Config.TLS {
		tc := tls.Client(conn, tlsConf)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, host) // reads the greeting
	if err != nil {
		return nil, err
	}
	if s.Config.LocalName != "" {
		if err := c.Hello(s.Config.LocalName); err != nil {
			return nil, err
		}
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.Config.TLS {
		if err := c.StartTLS(tlsConf); err != nil {
			return nil, err
		}
	}
	if a := s.auth(); a != nil {
		if err := c.Auth(a); err != nil {
			return nil, err
		}
	}
	return c, nil
}
