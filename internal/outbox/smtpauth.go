package outbox

import (
	"errors"
	"net/smtp"
	"strings"

	"github.com/pocketbase/pocketbase/tools/mailer"
)

// auth picks the AUTH mechanism the settings ask for (PLAIN by default), or
// none without credentials. Both refuse to send credentials over an
// unencrypted connection to anything but localhost, as PocketBase's do.
func (s *SMTPMailer) auth() smtp.Auth {
	c := s.Config
	if c.Username == "" && c.Password == "" {
		return nil
	}
	if c.AuthMethod == mailer.SMTPAuthLogin {
		return &loginAuth{host: c.Host, username: c.Username, password: c.Password}
	}
	return smtp.PlainAuth("", c.Username, c.Password, c.Host)
}

// loginAuth is AUTH LOGIN, obsolete but still required by some providers
// (Outlook); net/smtp has only PLAIN and CRAM-MD5.
type loginAuth struct {
	host, username, password string
}

// Start implements [smtp.Auth].
func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("refusing to send credentials over an unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "LOGIN", nil, nil
}

// Next implements [smtp.Auth].
func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(fromServer))) {
	case "username:":
		return []byte(a.username), nil
	case "password:":
		return []byte(a.password), nil
	}
	return nil, errors.New("unexpected AUTH LOGIN challenge")
}

func isLocalhost(name string) bool {
	return name == "localhost" || name == "127.0.0.1" || name == "::1"
}
