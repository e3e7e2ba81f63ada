package privacy

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/token"
)

// Pending is what a confirmation page shows: the action and the member's
// address, masked.
type Pending struct {
	Kind        string
	MaskedEmail string
}

// Pending looks a confirmation token up and changes nothing (mail scanners
// open links). A token that cannot be confirmed is [ErrGone].
func (s *Service) Pending(app core.App, plain string) (Pending, error) {
	req, m, err := s.confirmable(app, plain)
	if err != nil {
		return Pending{}, err
	}
	return Pending{Kind: req.GetString("kind"), MaskedEmail: token.MaskEmail(m.GetString("email"))}, nil
}

// Confirm confirms the request of a confirmation token, in one transaction:
// the request moves to confirmed (actor member); for an export, the export
// is built and stored and the download mail is queued; a deletion gets its
// due date (confirmation + [DeletionDue]) and waits for a decision. Confirmation tokens are single
// use: a second call is [ErrGone].
func (s *Service) Confirm(app core.App, plain string) error {
	return app.RunInTransaction(func(tx core.App) error {
		req, m, err := s.confirmable(tx, plain)
		if err != nil {
			return err
		}
		now := s.now()
		req.Set("status", StatusConfirmed)
		req.Set("confirmed_at", now)
		SetActor(req, ActorMember)
		if req.GetString("kind") == KindDeletion {
			req.Set("due_at", now.Add(DeletionDue))
		}
		if err := tx.Save(req); err != nil {
			return fmt.Errorf("privacy: confirm: %w", err)
		}
		if req.GetString("kind") == KindDeletion {
			return nil // an admin approves or rejects it, or the auto-approval job
		}
		return s.prepareExport(tx, req, m, now)
	})
}

// confirmable finds the request of a confirmation token and its member, or
// [ErrGone]: unknown or malformed token, not awaiting confirmation any more,
// expired, or the member erased or deleted.
func (s *Service) confirmable(app core.App, plain string) (req, member *core.Record, err error) {
	req, err = token.Find(app, Collection, "token_hash", plain)
	if errors.Is(err, token.ErrNotFound) {
		return nil, nil, ErrGone
	}
	if err != nil {
		return nil, nil, err
	}
	if k := req.GetString("kind"); (k != KindDetails && k != KindDeletion) || req.GetString("status") != StatusAwaiting ||
		!req.GetDateTime("expires_at").Time().After(s.now()) {
		return nil, nil, ErrGone
	}
	member, err = requestMember(app, req)
	return req, member, err
}

// requestMember returns the non-erased member of a request, or [ErrGone].
func requestMember(app core.App, req *core.Record) (*core.Record, error) {
	id := req.GetString("member")
	if id == "" {
		return nil, ErrGone
	}
	m, err := app.FindRecordById(membersTable, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrGone
	}
	if err != nil {
		return nil, fmt.Errorf("privacy: member of request: %w", err)
	}
	if m.GetString("status") == "erased" {
		return nil, ErrGone
	}
	return m, nil
}
