package join

import (
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// ErrGone answers a confirmation link that was used, has expired or is
// unknown, and one whose address became a current member meanwhile: the
// 410 page, with a way to start again.
var ErrGone = errors.New("join: link used, expired or unknown")

// Pending is what the confirmation page shows before anything happens.
type Pending struct{ FirstName string }

// Result is what a confirmation did.
type Result struct {
	FirstName string
	MemberID  string
	// Approval is true when the member waits for an admin (JOIN_REQUIRES_APPROVAL).
	Approval bool
}

// Lookup reads the request behind a link for the page a GET shows, and
// changes nothing (mail scanners open links).
func (s *Service) Lookup(app core.App, plain string) (Pending, error) {
	r, err := s.usable(app, plain)
	if err != nil {
		return Pending{}, err
	}
	return Pending{FirstName: r.GetString("first_name")}, nil
}

// usable finds an unused, unexpired request whose address is not a current
// member, or returns [ErrGone].
func (s *Service) usable(app core.App, plain string) (*core.Record, error) {
	r, err := token.Find(app, Collection, token.HashField, plain)
	if errors.Is(err, token.ErrNotFound) {
		return nil, ErrGone
	}
	if err != nil {
		return nil, err
	}
	if r.GetString("status") != StatusMailed || !r.GetDateTime(token.ExpiresField).Time().After(s.Now()) {
		return nil, ErrGone
	}
	m, err := members.FindByEmail(app, r.GetString("email"))
	if err != nil {
		return nil, err
	}
	if m != nil && isCurrent(m.GetString(members.FieldStatus)) {
		return nil, ErrGone
	}
	return r, nil
}

// Confirm acts on a link, in one transaction: it creates the member (its ID
// comes from the members hooks) or reactivates the lapsed or cancelled
// member with the address, keeping its member ID and joined_at; records the
// proven address, the acknowledged consent text and the marketing choice;
// marks the request confirmed; queues the welcome mail; and runs
// Options.OnConfirmed.
func (s *Service) Confirm(app core.App, plain string) (Result, error) {
	var res Result
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := s.usable(tx, plain)
		if err != nil {
			return err
		}
		now := dateTime(s.Now())
		email := r.GetString("email")
		m, err := members.FindByEmail(tx, email)
		if err != nil {
			return err
		}
		if m == nil {
			col, err := tx.FindCachedCollectionByNameOrId(membersColl)
			if err != nil {
				return fmt.Errorf("join: %w", err)
			}
			m = core.NewRecord(col)
			m.Set(members.FieldEmail, email)
			m.Set(members.FieldJoinedAt, now)
		}
		status := members.StatusActive
		if s.requireApproval {
			status = members.StatusPendingApproval
		}
		m.Set(members.FieldFirstName, r.GetString("first_name"))
		m.Set(members.FieldLastName, r.GetString("last_name"))
		m.Set(members.FieldPhone, r.GetString("phone"))
		m.Set(members.FieldStatus, status)
		m.Set(members.FieldEmailVerifiedAt, now)
		m.Set(members.FieldConsentVersion, r.GetString("consent_version"))
		m.Set(members.FieldConsentAt, r.GetDateTime("consent_at"))
		m.Set(members.FieldMarketingOptIn, r.GetBool("marketing_opt_in"))
		m.Set(members.FieldMarketingVersion, r.GetString("consent_version"))
		if plan := r.GetString("plan"); plan != "" {
			m.Set(members.FieldPlan, plan)
		}
		if branch := r.GetString("branch"); branch != "" {
			m.Set(members.FieldBranch, branch)
		}
		if m.GetDateTime(members.FieldJoinedAt).IsZero() {
			m.Set(members.FieldJoinedAt, now)
		}
		if err := tx.Save(m); err != nil {
			return fmt.Errorf("join: save member: %w", err)
		}
		r.Set("status", StatusConfirmed)
		if err := tx.Save(r); err != nil {
			return fmt.Errorf("join: mark request confirmed: %w", err)
		}
		res = Result{FirstName: m.GetString(members.FieldFirstName), MemberID: m.GetString(members.FieldMemberID), Approval: s.requireApproval}
		ob, err := outbox.FromApp(tx)
		if err != nil {
			return err
		}
		if err := ob.Queue(tx, MailWelcome, email, MailWelcome+":"+r.Id, true,
			memberMail{FirstName: res.FirstName, MemberID: res.MemberID, Pending: res.Approval}); err != nil {
			return err
		}
		if s.onConfirmed != nil {
			return s.onConfirmed(tx, m, r.Id)
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}
