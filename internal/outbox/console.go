package outbox

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/tools/mailer"
)

// ConsoleMailer is the development mailer when no SMTP server is configured:
// it prints each mail (links included, so a developer can follow them) to W
// instead of handing it to a local sendmail. Never used in production.
type ConsoleMailer struct {
	W  io.Writer
	mu sync.Mutex
}

// Send implements [mailer.Mailer].
func (c *ConsoleMailer) Send(m *mailer.Message) error {
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.Address
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---- mail (not sent: no SMTP configured) ----\n")
	fmt.Fprintf(&b, "From: %s\nTo: %s\nSubject: %s\n\n", m.From.String(), strings.Join(to, ", "), m.Subject)
	body := m.Text
	if body == "" {
		body = m.HTML
	}
	b.WriteString(strings.TrimSpace(body))
	b.WriteString("\n---- end of mail ----\n")
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := io.WriteString(c.W, b.String())
	return err
}
