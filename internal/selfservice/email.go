package selfservice

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// changePayload is the intake row of an email change: the member and the
// link it came through (the row's email column is the new address, so the
// per-address cap counts the new address).
type changePayload struct {
	Member string `json:"member"`
	Link   string `json:"link"`
}

// RequestEmailChange is the request path of the email form: the link is
// checked and marked used, and one intake row is written. Nothing about
// the new address is looked up, so the work is the same whether it is free
// or another member's. newEmail must already be normalised.
func (s *Service) RequestEmailChange(app core.App, plain, newEmail string) error {
	return app.RunInTransaction(func(tx core.App) error {
		l, err := s.use(tx, plain)
		if err != nil {
			return err
		}
		return intake.Submit(tx, intake.KindEmailChange, newEmail, changePayload{Member: l.Member.Id, Link: l.Record.Id})
	})
}

// EmailChange is the intake processor of an email change: an email_changes
// row (its own token, valid 24 h) and a mail to the new address. A member
// erased or deleted meanwhile, or a change to the address the member
// already has, gets nothing. Whether the address is taken is decided at
// confirmation, in the transaction that would change it.
func (s *Service) EmailChange(tx core.App, it intake.Item) error {
	var p changePayload
	if err := it.Decode(&p); err != nil {
		return err
	}
	m, err := liveMember(tx, p.Member)
	if errors.Is(err, ErrGone) {
		return nil
	}
	if err != nil || m.GetString(members.FieldEmail) == it.Email {
		return err
	}
	expires := s.now().Add(emailChangeTTL)
	plain, c, err := token.NewRow(tx, ChangesCollection, map[string]any{
		"member": m.Id, "new_email": it.Email, "status": ChangeMailed,
	}, expires)
	if err != nil {
		return fmt.Errorf("selfservice: create email change: %w", err)
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	return o.Queue(tx, MailEmailConfirm, it.Email, MailEmailConfirm+":"+c.Id, true, map[string]any{
		"FirstName": m.GetString("first_name"), "Token": plain, "ExpiresAt": displayTime(expires),
	})
}

// PendingChange is what the confirmation page shows: both addresses masked.
type PendingChange struct{ OldMasked, NewMasked string }

// PendingEmailChange looks a change link up and changes nothing.
func (s *Service) PendingEmailChange(app core.App, plain string) (PendingChange, error) {
	c, m, err := s.openChange(app, plain)
	if err != nil {
		return PendingChange{}, err
	}
	return PendingChange{OldMasked: token.MaskEmail(m.GetString(members.FieldEmail)),
		NewMasked: token.MaskEmail(c.GetString("new_email"))}, nil
}

// ConfirmEmailChange proves the new mailbox and, in one transaction,
// changes the address (email_verified_at now), voids every other open
// token of the member (they were mailed to the old mailbox) and queues a
// notice to the old address. An address another non-erased member holds is
// [ErrTaken] and nothing changes.
func (s *Service) ConfirmEmailChange(app core.App, plain string) error {
	return app.RunInTransaction(func(tx core.App) error {
		c, m, err := s.openChange(tx, plain)
		if err != nil {
			return err
		}
		newEmail := c.GetString("new_email")
		holder, err := members.FindByEmail(tx, newEmail)
		if err != nil {
			return err
		}
		if holder != nil && holder.Id != m.Id {
			return ErrTaken
		}
		now := s.now()
		old := m.GetString(members.FieldEmail)
		m.Set(members.FieldEmail, newEmail)
		m.Set(members.FieldEmailVerifiedAt, dateTime(now))
		if err := saveAsMember(tx, m); err != nil {
			return fmt.Errorf("selfservice: change address: %w", err)
		}
		c.Set("status", ChangeConfirmed)
		c.Set("confirmed_at", dateTime(now))
		if err := tx.Save(c); err != nil {
			return fmt.Errorf("selfservice: confirm change: %w", err)
		}
		if err := voidTokens(tx, m.Id, c.Id, now); err != nil {
			return err
		}
		o, err := outbox.FromApp(tx)
		if err != nil {
			return err
		}
		return o.Queue(tx, MailEmailChanged, old, MailEmailChanged+":"+c.Id, true, map[string]any{
			"FirstName": m.GetString("first_name"), "NewMasked": token.MaskEmail(newEmail), "Contact": s.contact,
		})
	})
}

// openChange finds a mailed, unexpired change and its live member, or
// [ErrGone].
func (s *Service) openChange(app core.App, plain string) (change, member *core.Record, err error) {
	c, err := token.Find(app, ChangesCollection, "token_hash", plain)
	if errors.Is(err, token.ErrNotFound) {
		return nil, nil, ErrGone
	}
	if err != nil {
		return nil, nil, err
	}
	if c.GetString("status") != ChangeMailed || !c.GetDateTime("expires_at").Time().After(s.now()) {
		return nil, nil, ErrGone
	}
	m, err := liveMember(app, c.GetString("member"))
	if err != nil {
		return nil, nil, err
	}
	return c, m, nil
}
