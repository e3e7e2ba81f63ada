package privacy

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/card"
	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// MemberID is the intake processor of member-ID reminders: a member gets a
// mail with the member ID, a current membership card when one can be
// issued (SPEC §18), and a link back to /lookup; nobody else gets
// anything. It runs in the transaction that deletes the intake row.
func (s *Service) MemberID(tx core.App, it intake.Item) error {
	m, err := members.FindByEmail(tx, it.Email)
	if err != nil || m == nil {
		return err
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	cards, err := card.FromApp(tx)
	if err != nil {
		return err
	}
	cardToken := ""
	if c, ok, err := cards.Issue(tx, m); err != nil {
		return err
	} else if ok {
		cardToken = c.Token
	}
	return o.Queue(tx, MailMemberID, m.GetString("email"), "member_id:"+it.ID, true, map[string]any{
		"FirstName": m.GetString("first_name"),
		"MemberID":  m.GetString("member_id"),
		"CardToken": cardToken,
	})
}

// Details is the intake processor of export requests: for a member, a
// request awaiting confirmation (its own token, valid [ConfirmTTL]) and a
// sensitive confirmation mail; nobody else gets anything. Earlier requests
// stay as they are, so asking again never voids a link already mailed.
func (s *Service) Details(tx core.App, it intake.Item) error {
	m, err := members.FindByEmail(tx, it.Email)
	if err != nil || m == nil {
		return err
	}
	now := s.now()
	plain, req, err := newRequest(tx, KindDetails, m, now.Add(ConfirmTTL))
	if err != nil {
		return err
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	return o.Queue(tx, MailDetailsConfirm, m.GetString("email"), "details_confirm:"+req.Id, true, map[string]any{
		"Token":     plain,
		"ExpiresAt": displayTime(now.Add(ConfirmTTL)),
	})
}

// newRequest saves a request of kind by member m awaiting its confirmation
// until expires, made by the system, and returns the token to mail.
func newRequest(tx core.App, kind string, m *core.Record, expires time.Time) (string, *core.Record, error) {
	plain, req, err := token.NewRow(tx, Collection, map[string]any{
		"kind":       kind,
		"member":     m.Id,
		"member_ref": m.GetString(members.FieldMemberID),
		"status":     StatusAwaiting,
		actorKey:     ActorSystem, // what [SetActor] sets: kept for the create hook, never stored
	}, expires)
	if err != nil {
		return "", nil, fmt.Errorf("privacy: create %s request: %w", kind, err)
	}
	return plain, req, nil
}

// displayTime is how a mail shows a moment: unambiguous, in UTC.
func displayTime(t time.Time) string {
	return t.UTC().Format("2 January 2006, 15:04 UTC")
}
