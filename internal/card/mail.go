package card

import (
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/outbox"
)

// MailKind is the card mail (templates/emails/card.*).
const MailKind = "card"

// Mail is what the card mail shows.
type Mail struct {
	FirstName  string
	MemberID   string
	Token      string
	ValidUntil string
}

// QueueMail queues the card mail for m in tx when a card can be issued,
// once per dedupeKey (no personal data in it; a repeat is a no-op of
// [outbox.Enqueue]). It reports whether a card could be issued. The mail is sensitive: its body (the card link) is cleared
// once sent.
func (s *Service) QueueMail(tx core.App, m *core.Record, dedupeKey string) (bool, error) {
	if m.GetString("email") == "" {
		return false, nil
	}
	c, ok, err := s.Issue(tx, m)
	if err != nil || !ok {
		return false, err
	}
	ob, err := outbox.FromApp(tx)
	if err != nil {
		return false, err
	}
	data := Mail{FirstName: m.GetString("first_name"), MemberID: c.Claims.MemberID, Token: c.Token, ValidUntil: ValidUntil(c.Claims)}
	return true, ob.Queue(tx, MailKind, m.GetString("email"), dedupeKey, true, data)
}

// ValidUntil is the last day a card is valid, as people read it.
func ValidUntil(c *Claims) string {
	return c.ExpiresAt.Add(-1).UTC().Format(dues.DateLayout)
}
