package smtptest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// session is one SMTP connection's state.
type session struct {
	s      *Server
	conn   *smtp.Conn
	serial int
	user   string
	from   string
	to     []string
	// inData: go-smtp resets the session after every DATA too; only the
	// other resets are RSET commands.
	inData bool
}

// Reset implements [smtp.Session]: after DATA and on RSET.
func (x *session) Reset() {
	if !x.inData {
		x.s.mu.Lock()
		x.s.rsets++
		x.s.mu.Unlock()
	}
	x.from, x.to, x.inData = "", nil, false
}
func (x *session) Logout() error { return nil }

// AuthMechanisms implements [smtp.AuthSession]: PLAIN and LOGIN when the
// server requires AUTH, none otherwise.
func (x *session) AuthMechanisms() []string {
	if x.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain, sasl.Login}
}

// Auth implements [smtp.AuthSession].
func (x *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != x.s.opts.Username || pass != x.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		x.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			if identity != "" && identity != user {
				return smtp.ErrAuthFailed
			}
			return check(user, pass)
		}), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.opts.Username != "" && x.user == "" {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

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
	x.inData = true
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	delay := x.s.delay
	x.s.mu.Unlock()
	if delay > 0 && hungUp(x.conn.Conn(), delay) {
		x.s.mu.Lock()
		x.s.dropped++
		x.s.mu.Unlock()
		return &smtp.SMTPError{Code: 451, Message: "the client left before the answer"}
	}
	m, err := parse(raw)
	if err != nil {
		return errors.Join(&smtp.SMTPError{Code: 554, Message: "unparsable message"}, err)
	}
	m.From, m.To, m.Raw, m.Helo, m.User, m.Conn = x.from, x.to, bytes.Clone(raw), x.conn.Hostname(), x.user, x.serial
	_, m.TLS = x.conn.TLSConnectionState()
	x.s.mu.Lock()
	x.s.received = append(x.s.received, m)
	x.s.mu.Unlock()
	select {
	case x.s.notify <- struct{}{}:
	default:
	}
	return nil
}

// hungUp waits d for the answer to a message and reports whether the client
// closed the connection meanwhile. A message is accepted only by the reply
// its client receives (RFC 5321 §6.1), so a careful server drops one whose
// client is gone. It reads from the connection, which is safe because the
// client must wait for this reply (no pipelining past the final dot): end of
// file, a reset, or bytes sent out of turn all count as gone.
func hungUp(c net.Conn, d time.Duration) bool {
	if err := c.SetReadDeadline(time.Now().Add(d)); err != nil {
		return true
	}
	var b [1]byte
	_, err := c.Read(b[:])
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks.
type loginServer struct {
	check func(user, pass string) error
	user  []byte
	step  int
}

// Next implements [sasl.Server].
func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	l.step++
	switch {
	case l.step == 1 && len(resp) == 0:
		return []byte("Username:"), false, nil
	case l.step == 1:
		l.user, l.step = resp, 2 // the username came as an initial response
		return []byte("Password:"), false, nil
	case l.step == 2:
		l.user = resp
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(string(l.user), string(resp))
	}
}
