package outbox

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// QueueRedacting is [Outbox.Queue] for a sensitive mail whose row is
// redacted, recipient included, once it is sent or fails for good.
func (o *Outbox) QueueRedacting(txApp core.App, kind, to, dedupeKey string, data any) error {
	r, err := o.Renderer.Render(kind, data)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return Enqueue(txApp, Message{To: to, Kind: kind, Subject: r.Subject, Text: r.Text, HTML: r.HTML,
		Sensitive: true, Redact: true, DedupeKey: dedupeKey})
}

// RedactAddress forgets addr in the outbox through txApp (an erasure's
// transaction): its queued rows are cancelled, and every row to it loses
// its recipient, subject and bodies. Rows being sent keep them until the
// worker records the result, which then redacts them (the redact flag).
func RedactAddress(txApp core.App, addr string, now time.Time) error {
	if addr == "" {
		return nil
	}
	p := dbx.Params{"addr": addr, "now": dbTime(now)}
	steps := []string{
		`UPDATE email_outbox SET status = 'cancelled', next_attempt_at = '', updated = {:now}
			WHERE recipient = {:addr} COLLATE NOCASE AND status = 'queued'`,
		`UPDATE email_outbox SET redact = TRUE, updated = {:now}
			WHERE recipient = {:addr} COLLATE NOCASE AND status = 'sending'`,
		`UPDATE email_outbox SET recipient = '', subject = '', text_body = '', html_body = '', headers = NULL, redact = TRUE, updated = {:now}
			WHERE recipient = {:addr} COLLATE NOCASE AND status != 'sending'`,
	}
	for _, q := range steps {
		if _, err := txApp.DB().NewQuery(q).Bind(p).Execute(); err != nil {
			return fmt.Errorf("outbox: redact address: %w", err)
		}
	}
	return nil
}
