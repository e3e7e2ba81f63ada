package outbox

import (
	"crypto/x509"
	"net"
	"net/smtp"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Defaults of an [SMTPPool] whose fields are zero.
const (
	// DefaultSMTPMaxIdle matches the worker's concurrent sends.
	DefaultSMTPMaxIdle = 8
	// DefaultSMTPIdleTimeout closes a connection nobody used for that long,
	// well before servers drop idle clients (RFC 5321 §4.5.3.2 asks them to
	// wait 5 minutes; some wait less).
	DefaultSMTPIdleTimeout = 10 * time.Second
	// DefaultSMTPMaxMessages ends a connection with QUIT after that many
	// messages: providers limit the messages of one connection.
	DefaultSMTPMaxMessages = 100
)

// SMTPPool keeps SMTP connections open between sends, so a burst of mail
// pays for the dial, the TLS handshake, EHLO and AUTH once per connection
// rather than once per message. A connection is handed to one send at a
// time; it goes back only after the server accepted a message, is reset with
// RSET before its next one, and is closed on any error, after IdleTimeout
// unused, after MaxMessages, and by Close. Connections are kept per SMTP
// settings, so changed settings never reuse an old session.
type SMTPPool struct {
	MaxIdle     int
	IdleTimeout time.Duration
	MaxMessages int

	mu     sync.Mutex
	idle   []*smtpConn
	closed bool
}

// smtpConn is one open SMTP session past EHLO, STARTTLS and AUTH.
type smtpConn struct {
	key   smtpKey
	raw   net.Conn // the TCP connection: closing it ends any read or write
	c     *smtp.Client
	sent  int
	timer *time.Timer // the idle close, while in the pool
}

// smtpKey is what a session was opened with.
type smtpKey struct {
	host, username, password, authMethod, localName string
	port                                            int
	tls                                             bool
	roots                                           *x509.CertPool
}

func keyOf(c core.SMTPConfig, roots *x509.CertPool) smtpKey {
	return smtpKey{host: c.Host, username: c.Username, password: c.Password, authMethod: c.AuthMethod,
		localName: c.LocalName, port: c.Port, tls: c.TLS, roots: roots}
}

// take returns an idle connection opened with key, most recently used
// first, or nil. Idle connections opened with other settings are closed.
func (p *SMTPPool) take(key smtpKey) *smtpConn {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) > 0 {
		pc := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		pc.timer.Stop()
		if pc.key == key {
			return pc
		}
		go pc.quit()
	}
	return nil
}

// put keeps pc for the next send, or ends it when the pool is closed or
// full or pc has sent its share.
func (p *SMTPPool) put(pc *smtpConn) {
	maxIdle, maxMsgs, idle := p.MaxIdle, p.MaxMessages, p.IdleTimeout
	if maxIdle <= 0 {
		maxIdle = DefaultSMTPMaxIdle
	}
	if maxMsgs <= 0 {
		maxMsgs = DefaultSMTPMaxMessages
	}
	if idle <= 0 {
		idle = DefaultSMTPIdleTimeout
	}
	p.mu.Lock()
	if p.closed || len(p.idle) >= maxIdle || pc.sent >= maxMsgs {
		p.mu.Unlock()
		pc.quit()
		return
	}
	pc.timer = time.AfterFunc(idle, func() { p.expire(pc) })
	p.idle = append(p.idle, pc)
	p.mu.Unlock()
}

// expire ends pc if it is still idle.
func (p *SMTPPool) expire(pc *smtpConn) {
	p.mu.Lock()
	for i, x := range p.idle {
		if x == pc {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			p.mu.Unlock()
			pc.quit()
			return
		}
	}
	p.mu.Unlock()
}

// Idle is the number of open connections waiting for a send.
func (p *SMTPPool) Idle() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

// Close ends every idle connection; connections in use are ended when their
// send finishes. The pool keeps nothing afterwards.
func (p *SMTPPool) Close() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, pc := range idle {
		pc.timer.Stop()
		pc.quit()
	}
}

// quitTimeout bounds the QUIT that ends an idle connection.
const quitTimeout = 2 * time.Second

// quit says goodbye and closes the connection.
func (pc *smtpConn) quit() {
	_ = pc.raw.SetDeadline(time.Now().Add(quitTimeout))
	_ = pc.c.Quit()
	_ = pc.raw.Close()
}

// smtpPoolKey holds an app's *SMTPPool in app.Store().
const smtpPoolKey = "memberbase.outbox.smtpPool"

// PoolOf returns app's SMTP connection pool, created on first use.
func PoolOf(app core.App) *SMTPPool {
	return app.Store().GetOrSet(smtpPoolKey, func() any { return &SMTPPool{} }).(*SMTPPool)
}

// ClosePool closes app's SMTP connection pool, if it has one (hooks call it
// when the app terminates); a later send opens a new pool.
func ClosePool(app core.App) {
	if p, ok := app.Store().Get(smtpPoolKey).(*SMTPPool); ok {
		app.Store().Remove(smtpPoolKey)
		p.Close()
	}
}
