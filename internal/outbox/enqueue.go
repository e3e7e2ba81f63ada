// Package outbox is memberbase's durable email queue: callers store rendered
// messages in the email_outbox collection inside their own transaction
// ([Enqueue]), and a [Worker] sends them through PocketBase's mailer with
// leases, retries and backoff. It knows nothing about members.
package outbox

import (
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Collection is the outbox collection's name.
const Collection = "email_outbox"

// Outbox statuses (pb_migrations.OutboxStatuses).
const (
	StatusQueued    = "queued"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Message is one rendered mail. DedupeKey makes queueing idempotent and must
// not contain personal data (use ids and hashes, not addresses). Sensitive
// marks mails carrying a token or personal data: their bodies are cleared as
// soon as they are sent or fail for good.
type Message struct {
	To        string
	Kind      string
	Subject   string
	Text      string
	HTML      string
	Sensitive bool
	// Redact empties the recipient, subject and bodies once the mail is sent
	// or fails for good: the deletion-completed mail, the last one an
	// erased person receives.
	Redact    bool
	DedupeKey string
	// Bulk queues the mail at [PriorityBulk], behind every transactional
	// mail and within the worker's bulk [Rate].
	Bulk bool
	// Group is a free grouping key without personal data (an announcement
	// id), for counting a batch's outcomes.
	Group string
	// Headers are extra mail headers (List-Unsubscribe, List-Id): one-line
	// values, never the addressing or content headers the worker sets.
	Headers map[string]string
}

// Enqueue stores m in email_outbox through txApp, so it commits or rolls back
// with the caller's change. A message whose DedupeKey is already queued (in
// any status) is skipped without error. The worker is woken after commit by
// the record's after-create hook.
func Enqueue(txApp core.App, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	if exists, err := dedupeKeyExists(txApp, m.DedupeKey); err != nil || exists {
		return err
	}
	col, err := txApp.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	r := newRow(col, m)
	if err := txApp.Save(r); err != nil {
		// Outside a transaction a concurrent writer may have won the race
		// for the unique key since the check: that is still "queued once".
		if exists, _ := dedupeKeyExists(txApp, m.DedupeKey); exists {
			return nil
		}
		return fmt.Errorf("outbox: queue %s mail: %w", m.Kind, err)
	}
	return nil
}

// newRow is the queued row of m: [Enqueue] saves it, [EnqueueMany] inserts
// many at once.
func newRow(col *core.Collection, m Message) *core.Record {
	r := core.NewRecord(col)
	r.Set("recipient", m.To)
	r.Set("kind", m.Kind)
	r.Set("subject", m.Subject)
	r.Set("text_body", m.Text)
	r.Set("html_body", m.HTML)
	r.Set("sensitive", m.Sensitive)
	r.Set("redact", m.Redact)
	r.Set("status", StatusQueued)
	r.Set("dedupe_key", m.DedupeKey)
	r.Set("priority", PriorityTransactional)
	if m.Bulk {
		r.Set("priority", PriorityBulk)
	}
	r.Set("group", m.Group)
	if len(m.Headers) > 0 {
		r.Set("headers", m.Headers)
	}
	// next_attempt_at stays empty: due at once, and it sorts first.
	return r
}

func dedupeKeyExists(app core.App, key string) (bool, error) {
	var id string
	err := app.DB().Select("id").From(Collection).
		Where(dbx.HashExp{"dedupe_key": key}).Limit(1).Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("outbox: dedupe lookup: %w", err)
	}
	return true, nil
}

func (m Message) validate() error {
	if err := ValidRecipient(m.To); err != nil {
		return err
	}
	switch {
	case m.Kind == "":
		return errors.New("outbox: message kind is empty")
	case m.DedupeKey == "" || len(m.DedupeKey) > 200:
		return errors.New("outbox: dedupe key must be 1-200 characters")
	case m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n"):
		return errors.New("outbox: subject must be one non-empty line")
	case m.Text == "" || m.HTML == "":
		return errors.New("outbox: a message needs a text and an HTML part")
	case len(m.Group) > 60:
		return errors.New("outbox: group must be at most 60 characters")
	}
	return validHeaders(m.Headers)
}

// ValidRecipient accepts a single bare addr-spec (no display name, no
// CR/LF, at most 254 characters): the only user input that reaches a header.
func ValidRecipient(addr string) error {
	bad := errors.New("outbox: recipient is not a single valid address")
	if addr == "" || len(addr) > 254 || strings.ContainsAny(addr, "\r\n<>,") {
		return bad
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr {
		return bad
	}
	return nil
}
