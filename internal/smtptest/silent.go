package smtptest

import (
	"io"
	"net"
	"sync"
)

// SetSilent makes the server take new connections and never answer them,
// not even with a greeting: a hung mail server. Connections already open
// are not affected.
func (s *Server) SetSilent(on bool) { s.mu.Lock(); s.silent = on; s.mu.Unlock() }

// Hanging is the number of connections the silent server holds that their
// client has not closed yet: a client with real deadlines brings it back to
// zero, one without piles them up.
func (s *Server) Hanging() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.parked) }

// gate hands connections to the SMTP server, or parks them while the server
// is silent.
type gate struct {
	net.Listener
	s *Server
}

// Accept implements [net.Listener].
func (g gate) Accept() (net.Conn, error) {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			return nil, err
		}
		g.s.mu.Lock()
		silent := g.s.silent
		if silent {
			g.s.parked[c] = struct{}{}
		}
		g.s.mu.Unlock()
		if !silent {
			g.s.mu.Lock()
			g.s.open++
			g.s.mu.Unlock()
			return &tracked{Conn: c, s: g.s}, nil
		}
		go g.s.hold(c)
	}
}

// hold reads (and ignores) what a parked connection's client sends until it
// hangs up or the server stops.
func (s *Server) hold(c net.Conn) {
	_, _ = io.Copy(io.Discard, c)
	_ = c.Close()
	s.mu.Lock()
	delete(s.parked, c)
	s.mu.Unlock()
}

// Open is the number of connections the server took (silent ones aside)
// that are not closed yet.
func (s *Server) Open() int { s.mu.Lock(); defer s.mu.Unlock(); return s.open }

// tracked counts itself out of [Server.Open] when closed.
type tracked struct {
	net.Conn
	s    *Server
	once sync.Once
}

// Close implements [net.Conn].
func (t *tracked) Close() error {
	t.once.Do(func() { t.s.mu.Lock(); t.s.open--; t.s.mu.Unlock() })
	return t.Conn.Close()
}
