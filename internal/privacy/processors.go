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
	plain, hash, err := token.New()
	if err != nil {
		return err
	}
	col, err := tx.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return fmt.Errorf("privacy: %w", err)
	}
	req := core.NewRecord(col)
	req.Set("kind", KindDetails)
	req.Set("member", m.Id)
	req.Set("member_ref", m.GetString("member_id"))
	req.Set("status", StatusAwaiting)
	req.Set("token_hash", hash)
	req.Set("expires_at", now.Add(ConfirmTTL))
	SetActor(req, ActorSystem)
	if err := tx.Save(req); err != nil {
		return fmt.Errorf("privacy: create details request: %w", err)
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

// displayTime is how a mail shows a moment: unambiguous, in UTC.
func displayTime(t time.Time) string {
	return t.UTC().Format("2 January 2006, 15:04 UTC")
}
